using Cronos;
using Nip66.Contracts;

namespace Nip66.Scheduler;

public sealed record SchedulerOptions
{
    public const string DefaultSchedule = "*/15 * * * *";

    /// <summary>When cycles start (cron, UTC). The first cycle starts when the scheduler starts.</summary>
    public CronExpression Schedule { get; init; } = CronExpression.Parse(DefaultSchedule);

    /// <summary>How long a cycle may take before it is closed with what has arrived; default: one period.</summary>
    public TimeSpan? CycleDeadline { get; init; }

    public IReadOnlyList<CheckType> Checks { get; init; } =
        [CheckType.Open, CheckType.Read, CheckType.Write, CheckType.Auth, CheckType.Nip11, CheckType.Dns, CheckType.Ssl];

    public IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; } = new Dictionary<CheckType, int>
    {
        [CheckType.Open] = 10_000,
        [CheckType.Read] = 10_000,
        [CheckType.Write] = 10_000,
        [CheckType.Auth] = 10_000,
        [CheckType.Nip11] = 10_000,
    };

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the publisher is asked to announce the monitor; it re-signs only what changed or is a day old.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromHours(1);

    public string MonitorName { get; init; } = "Nip66 monitor";

    public string? MonitorAbout { get; init; } = "A NIP-66 relay monitor: liveness, latency and capabilities of Nostr relays.";

    public string? MonitorWebsite { get; init; }

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    /// <summary>Relays never sent a CheckRelay and not counted in a cycle, whatever the registry says.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;

    /// <summary>The period the monitor announces: the gap between two consecutive cron occurrences.</summary>
    public TimeSpan Period(DateTimeOffset from)
    {
        var first = Schedule.GetNextOccurrence(from.UtcDateTime, inclusive: false) ?? from.UtcDateTime.AddMinutes(15);
        var second = Schedule.GetNextOccurrence(first, inclusive: false) ?? first.AddMinutes(15);
        return second - first;
    }
}
