namespace Nip66.Persistence;

/// <summary>
/// One relay's checks in one UTC hour (table <c>relay_hourly</c>), rolled up from check_results by
/// <see cref="Maintenance.MaintenanceService"/> so that history outlives the raw rows. Percentiles are nearest-rank
/// over the hour's non-null round trips, in milliseconds; null when the hour has none.
/// </summary>
public sealed class RelayHourly
{
    public long RelayId { get; set; }

    /// <summary>The start of the UTC hour: the rows with <c>Hour &lt;= finished_at &lt; Hour + 1 h</c>.</summary>
    public DateTimeOffset Hour { get; set; }

    public int Checks { get; set; }

    public int Online { get; set; }

    public int Degraded { get; set; }

    public int Offline { get; set; }

    public int? RttOpenP50 { get; set; }

    public int? RttOpenP95 { get; set; }

    public int? RttReadP50 { get; set; }

    public int? RttReadP95 { get; set; }

    public int? RttWriteP50 { get; set; }

    public int? RttWriteP95 { get; set; }
}
