using System.Globalization;

namespace Nip66.TestSupport;

/// <summary>Measurement errors (measured minus true, in milliseconds) over many checks, as nearest-rank percentiles.</summary>
public sealed record ErrorSummary(int Count, int Min, int P50, int P95, int P99, int Max)
{
    /// <summary>Null for no errors: there is nothing to summarise.</summary>
    public static ErrorSummary? Of(IEnumerable<int> errors)
    {
        int[] sorted = [.. errors.Order()];
        return sorted.Length == 0
            ? null
            : new ErrorSummary(sorted.Length, sorted[0], Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>The smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static int Percentile(IReadOnlyList<int> sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * percent / 100.0) - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n {Count}: min {Min}, p50 {P50}, p95 {P95}, p99 {P99}, max {Max} ms");
}
