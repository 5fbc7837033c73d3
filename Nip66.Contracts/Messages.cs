namespace Nip66.Contracts;

/// <summary>Command to the checkers: check one relay for one cycle. <see cref="Index"/> is its place in the cycle.</summary>
public sealed record CheckRelay
{
    public required Guid CycleId { get; init; }

    public required int Index { get; init; }

    public required string Url { get; init; }

    public byte Priority { get; init; }

    public IReadOnlyList<CheckType> Checks { get; init; } = [];

    /// <summary>Per-check timeout in milliseconds.</summary>
    public IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; } = new Dictionary<CheckType, int>();

    /// <summary>
    /// True for relays the operator added: they may point at private, loopback or link-local addresses. False (the
    /// default, also for commands from versions without this field) checks with the SSRF guard on: fail safe.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }
}

/// <summary>Event: a relay was checked. Published once per check, whatever the relay's status.</summary>
public sealed record RelayChecked
{
    public required Guid CycleId { get; init; }

    public required int Index { get; init; }

    public required RelayCheckResult Result { get; init; }
}

/// <summary>Starts the cycle saga with what it has to count.</summary>
public sealed record CycleStarted
{
    public required Guid CycleId { get; init; }

    public required int ExpectedCount { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the cycle is closed with whatever has arrived.</summary>
    public required DateTimeOffset Deadline { get; init; }

    public IReadOnlyList<string> RelayUrls { get; init; } = [];
}

/// <summary>
/// Published by the deadline sweeper for a cycle whose deadline has passed. It carries what the saga needs to close a
/// cycle whose start it never saw (its <see cref="CycleStarted"/> lost, or its state gone).
/// </summary>
public sealed record CycleDeadlineReached
{
    public required Guid CycleId { get; init; }

    // Not required: a message from a sweeper of an earlier version, without them, still closes a running cycle.
    public int ExpectedCount { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}

public sealed record CycleCompleted
{
    public required Guid CycleId { get; init; }

    public required int Expected { get; init; }

    public required int Checked { get; init; }

    public required int Online { get; init; }

    public required int Degraded { get; init; }

    public required int Offline { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    /// <summary>True when the deadline closed the cycle before every relay was checked.</summary>
    public required bool TimedOut { get; init; }

    /// <summary>Cycle indexes of the relays with no result; persistence maps them to URLs.</summary>
    public IReadOnlyList<int> MissedIndexes { get; init; } = [];
}

/// <summary>A signed event the publisher is delivering, for the event log.</summary>
public sealed record NostrEventSigned
{
    public required string EventId { get; init; }

    public required int Kind { get; init; }

    /// <summary>The relay the event describes (the d tag of a 30166), or null for monitor events.</summary>
    public string? RelayUrl { get; init; }

    public Guid? CycleId { get; init; }

    public required long CreatedAt { get; init; }

    public required string EventJson { get; init; }

    public required IReadOnlyList<string> PublishRelays { get; init; }
}

/// <summary>
/// Command: deliver one signed event to one publish relay. Sent to that relay's own queue, so that a relay that is
/// down or slow delays nothing but its own deliveries; retried on its own.
/// </summary>
public sealed record DeliverEvent
{
    public required string EventId { get; init; }

    public required string EventJson { get; init; }

    public required string PublishRelay { get; init; }

    /// <summary>
    /// Attempts already made: zero for a new delivery; more for one that a stopping publisher handed back to its
    /// queue between two attempts, so that the retry count goes on where it stopped.
    /// </summary>
    public int PreviousAttempts { get; init; }
}

/// <summary>The outcome of one delivery attempt.</summary>
public enum DeliveryOutcome
{
    /// <summary>The relay stored the event (<c>OK true</c>, or <c>duplicate:</c>: it already had it).</summary>
    Accepted,

    /// <summary>A refusal that will not change by trying again (<c>invalid:</c>, <c>blocked:</c>, ...): never retried.</summary>
    Refused,

    /// <summary>A refusal that asks to try later (<c>rate-limited:</c>, <c>error:</c>): retried.</summary>
    RefusedTemporarily,

    /// <summary>
    /// No answer: the connection failed or was lost, or no OK came in time. Retried, unless it is the last attempt
    /// (then the message says the delivery gave up).
    /// </summary>
    Failed,
}

/// <summary>Event: the outcome of one attempt to deliver one event to one publish relay.</summary>
public sealed record EventDelivered
{
    public required string EventId { get; init; }

    public required string PublishRelay { get; init; }

    public required DeliveryOutcome Outcome { get; init; }

    /// <summary>The relay's OK reason, or why there was no answer; for a last failed attempt, "gave up after N attempts: ...".</summary>
    public string? Message { get; init; }

    /// <summary>1 for the first attempt of the delivery.</summary>
    public required int Attempt { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>When the next attempt is due; null when this attempt was the last (accepted, refused or given up).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}

/// <summary>Command to the publisher: (re)publish the monitor's own events (10166, 0, 10002).</summary>
public sealed record PublishMonitorEvents
{
    public required int FrequencySeconds { get; init; }

    public required IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; }

    public required IReadOnlyList<CheckType> Checks { get; init; }

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    public required string Name { get; init; }

    public string? About { get; init; }

    public string? Website { get; init; }
}
