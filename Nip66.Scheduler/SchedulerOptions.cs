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

    public IReadOnlyList<CheckType> Checks { get; init; } = MonitorDefaults.Checks;

    public IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; } = MonitorDefaults.TimeoutsMs;

    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the publisher is asked to announce the monitor; it re-signs only what changed or is a day old.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromHours(1);

    public string MonitorName { get; init; } = MonitorDefaults.Name;

    public string? MonitorAbout { get; init; } = MonitorDefaults.About;

    public string? MonitorWebsite { get; init; }

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    /// <summary>Relays never sent a CheckRelay and not counted in a cycle, whatever the registry says.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;

    /// <summary>Whether cycles validate candidates, and how many each (<see cref="DiscoveryOptions.ValidationsPerCycle"/>).</summary>
    public DiscoveryOptions Discovery { get; init; } = new();

    /// <summary>The period the monitor announces: the gap between two consecutive cron occurrences.</summary>
    public TimeSpan Period(DateTimeOffset from)
    {
        var first = Schedule.GetNextOccurrence(from.UtcDateTime, inclusive: false) ?? from.UtcDateTime.AddMinutes(15);
        var second = Schedule.GetNextOccurrence(first, inclusive: false) ?? first.AddMinutes(15);
        return second - first;
    }
}
