namespace Nip66.Persistence.Maintenance;

/// <summary>What <see cref="MaintenanceService"/> keeps, and how often the scheduler runs it.</summary>
public sealed record MaintenanceOptions
{
    public const int DefaultBatchSize = 5_000;

    /// <summary>
    /// How long check_results and cycles are kept (default 30 days). Check results are deleted by whole UTC hours,
    /// once their hour is rolled up into relay_hourly. At least one day: the uptime queries read the last day raw.
    /// </summary>
    public TimeSpan RawRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long published_events and their event_deliveries are kept, by signed_at (default 30 days).</summary>
    public TimeSpan EventLogRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long relay_hourly rows are kept; null (the default) keeps them forever. At least <see cref="RawRetention"/>.</summary>
    public TimeSpan? RollupRetention { get; init; }

    /// <summary>The time between two runs (default 1 hour).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The wait before the first run after start (default 1 minute), so that start-up is not slowed.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The most rows one statement reads or deletes (default 5,000).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (RawRetention < TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RawRetention), RawRetention, "The raw retention must be at least one day (the uptime queries read the last day from raw check results).");
        }

        if (EventLogRetention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(EventLogRetention), EventLogRetention, "The event log retention must be positive.");
        }

        if (RollupRetention is { } rollups && rollups < RawRetention)
        {
            throw new ArgumentOutOfRangeException(nameof(RollupRetention), rollups, "The rollup retention must be at least the raw retention (or null: keep forever).");
        }

        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The maintenance interval must be positive.");
        }

        if (StartDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartDelay), StartDelay, "The start delay must not be negative.");
        }

        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be between 1 and 100,000.");
        }
    }
}
