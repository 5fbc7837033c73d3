namespace Nip66.Persistence.ReadSide;

/// <summary>Open, read and write round trips in milliseconds; null where there was no measurement.</summary>
public sealed record RoundTrips(int? Open, int? Read, int? Write);
