namespace Nip66.Contracts;

/// <summary>
/// The names every process on the bus must agree on, defined once: the queues and endpoints that are not derived
/// from a consumer's type, and the priorities of the check queue. Processes of different versions share a broker, so
/// a name here is part of the contract like a message field.
/// </summary>
public static class QueueNames
{
    /// <summary>
    /// The checkers' queue of <see cref="CheckRelay"/> commands, a priority queue, and the fanout exchange of the same
    /// name bound to it (commands are sent to the exchange, so that only the checker endpoint declares the queue).
    /// </summary>
    public const string CheckRelay = "check-relay";

    /// <summary>
    /// The check queue's highest priority (its <c>x-max-priority</c>): a relay's <see cref="CheckRelay"/> priority
    /// above it counts as it. A queue's priority argument cannot change once declared.
    /// </summary>
    public const byte CheckRelayMaxPriority = 9;

    /// <summary>The start of each publish relay's delivery queue, <c>deliver-event-&lt;relay&gt;</c>.</summary>
    public const string DeliverEventPrefix = "deliver-event-";

    /// <summary>The scheduler's endpoint for <see cref="CycleCompleted"/>: lets it start the next cycle.</summary>
    public const string SchedulerCycleCompleted = "scheduler-cycle-completed";

    /// <summary>
    /// The scheduler's endpoint for <see cref="RelayChecked"/> until persistence tallied stored batches for the cycle
    /// saga (<see cref="CheckResultsTallied"/>). Its queue would keep a copy of every result that no one reads, so a
    /// distributed scheduler removes it, and its exchange, when it starts.
    /// </summary>
    public const string RetiredSchedulerRelayChecked = "scheduler-relay-checked";

    /// <summary>The publisher's endpoint for <see cref="RelayChecked"/>: signs each publishable result's 30166.</summary>
    public const string PublisherRelayChecked = "publisher-relay-checked";

    /// <summary>The publisher's endpoint for <see cref="RefreshRelayDiscovery"/>: re-signs a resting relay's 30166.</summary>
    public const string PublisherRefreshDiscovery = "publisher-refresh-discovery";

    /// <summary>The publisher's endpoint for <see cref="PublishMonitorEvents"/>: the monitor's 10166, kind 0 and 10002.</summary>
    public const string PublisherMonitorEvents = "publisher-monitor-events";
}
