namespace Nip66.Persistence.ReadSide;

/// <summary>How many candidates were refused or retired for one reason.</summary>
public sealed record ReasonCount(string Reason, int Count);
