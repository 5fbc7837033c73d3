namespace Nip66.Persistence;

/// <summary>A relay that is up but resting after a strained check, and the 30166 signed from that check.</summary>
public sealed record RestedRelay(string Url, string EventJson);
