namespace Nip66.Persistence.Statistics;

/// <summary>Nearest-rank round-trip percentiles in milliseconds; null when there was no measurement.</summary>
public readonly record struct RttPercentiles(int? P50, int? P95);
