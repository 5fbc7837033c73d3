namespace Nip66.Persistence.ReadSide;

/// <summary>Up checks over all checks in the last 24 hours, 7 and 30 days; null for a window without checks.</summary>
public sealed record UptimeFractions(double? H24, double? D7, double? D30);
