namespace Nip66.Persistence;

// The tables. Names are mapped to snake_case in MonitorDbContext; times are UTC DateTimeOffsets
// (timestamptz on PostgreSQL, UTC ticks on SQLite so that comparisons and ordering run in the database).

/// <summary>How a relay came into the registry; stored as a number, and rows from before the column are Operator.</summary>
public enum RelayOrigin
{
    /// <summary>Added explicitly by the operator (CLI, config, API): trusted to point anywhere.</summary>
    Operator = 0,

    /// <summary>Learned from the network: guarded against private and loopback addresses.</summary>
    Discovered = 1,
}

/// <summary>A monitored relay (table <c>relays</c>) with its latest status and back-off.</summary>
public sealed class Relay
{
    public long Id { get; set; }

    /// <summary>The normalized ws/wss URL (normalized by the caller).</summary>
    public required string Url { get; set; }

    public bool Enabled { get; set; } = true;

    public byte Priority { get; set; }

    /// <summary>Who added the relay: only operator relays may point at private, loopback or link-local addresses.</summary>
    public RelayOrigin Origin { get; set; } = RelayOrigin.Operator;

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>The network of the URL's host (<see cref="PersistenceNames.Network"/>: <c>clearnet</c>, <c>tor</c>, ...), kept so that the API filters in SQL.</summary>
    public string Network { get; set; } = PersistenceNames.Network(Nostr.RelayNetwork.Clearnet);

    public string? Notes { get; set; }

    /// <summary><c>online</c>, <c>degraded</c> or <c>offline</c>; null before the first check.</summary>
    public string? LastStatus { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>The last check whose relay could be opened (online or degraded).</summary>
    public DateTimeOffset? LastOnlineAt { get; set; }

    /// <summary>The failure class of the last check (see <see cref="PersistenceNames.FailureClass"/>), if any.</summary>
    public string? LastFailureClass { get; set; }

    /// <summary>The round trips of the last check, in milliseconds: the latest status is this row, read and sorted in SQL.</summary>
    public int? LastRttOpenMs { get; set; }

    public int? LastRttReadMs { get; set; }

    public int? LastRttWriteMs { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>
    /// Consecutive checks in which the relay opened but rate-limited a probe or let one time out; drives the
    /// strain back-off of <see cref="BackoffLadder.StrainDelay"/>. Zero after a clean check or an offline one.
    /// </summary>
    public int ConsecutiveStrainedChecks { get; set; }

    /// <summary>Back-off: not due before this time. Null means due at every cycle.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>The latest NIP-11 document served by the relay.</summary>
    public string? Nip11Json { get; set; }
}

/// <summary>One stored check of one relay in one cycle (table <c>check_results</c>).</summary>
public sealed class CheckResult
{
    public long Id { get; set; }

    public long RelayId { get; set; }

    public Relay? Relay { get; set; }

    public Guid CycleId { get; set; }

    public required string Status { get; set; }

    public int? RttOpenMs { get; set; }

    public int? RttReadMs { get; set; }

    public int? RttWriteMs { get; set; }

    public string? FailureCheck { get; set; }

    public string? FailureClass { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>
    /// Whether the publisher signs a 30166 for this check (<see cref="Contracts.RelayCheckResult.IsPublishable"/>),
    /// so that a cycle's stored results tell how many events it should sign. False on rows from before the column.
    /// </summary>
    public bool Publishable { get; set; }

    /// <summary>The per-probe outcomes as a JSON array.</summary>
    public required string ChecksJson { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }
}

/// <summary>A check cycle (table <c>cycles</c>).</summary>
public sealed class Cycle
{
    public Guid Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public int Expected { get; set; }

    public int Checked { get; set; }

    public int Online { get; set; }

    public int Degraded { get; set; }

    public int Offline { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool TimedOut { get; set; }

    /// <summary>JSON array of the URLs that had no result when the cycle completed.</summary>
    public string? MissedJson { get; set; }

    /// <summary>JSON array of the cycle's relay URLs in cycle-index order.</summary>
    public required string RelayUrlsJson { get; set; }
}

/// <summary>A signed event the monitor published (table <c>published_events</c>).</summary>
public sealed class PublishedEvent
{
    /// <summary>64 lower-case hex characters.</summary>
    public required string EventId { get; set; }

    public int Kind { get; set; }

    /// <summary>The d tag of a 30166, or null for the monitor's own events.</summary>
    public string? RelayUrl { get; set; }

    public Guid? CycleId { get; set; }

    /// <summary>The event's created_at, Unix seconds.</summary>
    public long CreatedAt { get; set; }

    public required string EventJson { get; set; }

    public DateTimeOffset SignedAt { get; set; }
}

/// <summary>
/// One attempt to deliver one event to one publish relay (table <c>event_deliveries</c>, one row per attempt). The
/// delivery's state is its latest row: accepted or refused, failed with <see cref="RetryAt"/> null (given up), or
/// waiting for the retry at <see cref="RetryAt"/>.
/// </summary>
public sealed class EventDelivery
{
    public long Id { get; set; }

    public required string EventId { get; set; }

    public required string PublishRelay { get; set; }

    /// <summary><c>accepted</c>, <c>refused</c>, <c>refused-temporarily</c> or <c>failed</c>.</summary>
    public required string Outcome { get; set; }

    public string? Message { get; set; }

    /// <summary>1 for the delivery's first attempt.</summary>
    public int Attempt { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>When the next attempt is due; null when this one was the last.</summary>
    public DateTimeOffset? RetryAt { get; set; }
}

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

/// <summary>A key/value setting (table <c>monitor_settings</c>). Never a private key.</summary>
public sealed class MonitorSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}
