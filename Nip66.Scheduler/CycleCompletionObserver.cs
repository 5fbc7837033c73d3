using MassTransit;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;

namespace Nip66.Scheduler;

/// <summary>Lets the scheduler know a cycle ended, so the next one may start.</summary>
public sealed partial class CycleCompletionObserver(CycleTracker tracker, SchedulerOptions options, ILogger<CycleCompletionObserver> logger) : IConsumer<CycleCompleted>
{
    public Task Consume(ConsumeContext<CycleCompleted> context)
    {
        var m = context.Message;
        Completed(logger, m.CycleId, m.Checked, m.Expected, m.Online, m.Degraded, m.Offline, m.Duration.TotalSeconds, m.TimedOut);
        MonitorMetrics.CycleCompleted(m, options.Period(m.StartedAt));
        tracker.Completed(m);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cycle {CycleId} completed: {CheckedRelays}/{Expected} checked, {Online} online, {Degraded} degraded, {Offline} offline in {Seconds:0.0} s (timed out: {TimedOut})")]
    private static partial void Completed(ILogger logger, Guid cycleId, int checkedRelays, int expected, int online, int degraded, int offline, double seconds, bool timedOut);
}
