namespace Nip66.Persistence.Maintenance;

/// <summary>Nearest-rank percentiles, computed in C# so that SQLite and PostgreSQL give the same numbers.</summary>
public static class Percentile
{
    /// <summary>
    /// The nearest-rank <paramref name="percent"/>th percentile of <paramref name="sorted"/> (ascending): the value at
    /// rank ⌈percent/100 × n⌉ (1-based), so always one of the values; null when there are none.
    /// </summary>
    public static int? NearestRank(IReadOnlyList<int> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)(((long)percent * sorted.Count + 99) / 100);
        return sorted[rank - 1];
    }

    /// <summary>The p50 and p95 of the non-null values (in any order).</summary>
    internal static (int? P50, int? P95) Of(List<int> values)
    {
        values.Sort();
        return (NearestRank(values, 50), NearestRank(values, 95));
    }
}
