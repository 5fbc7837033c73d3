using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;

namespace Nip66.Scheduler;

/// <summary>
/// Starts a cycle at once, then one per cron occurrence (<see cref="MonitorAnnouncer"/> announces the monitor). A cycle still running when the next
/// is due is reported and the new one skipped, never doubled.
/// </summary>
public sealed partial class CycleScheduler(CycleStarter starter, CycleTracker tracker,
    SchedulerOptions options, TimeProvider time, ILogger<CycleScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (tracker.IsRunning)
            {
                MonitorMetrics.CycleSkipped();
                CycleStillRunning(logger);
            }
            else
            {
                var (cycleId, count, _) = await starter.StartAsync(stoppingToken);
                CycleStartedLog(logger, cycleId, count);
            }

            var now = time.GetUtcNow();
            var next = options.Schedule.GetNextOccurrence(now.UtcDateTime, inclusive: false);
            if (next is null)
            {
                return;
            }

            await Task.Delay(next.Value - now.UtcDateTime, time, stoppingToken);
        }
    }

    public static PublishMonitorEvents MonitorEvents(SchedulerOptions options, DateTimeOffset now) => new()
    {
        FrequencySeconds = (int)options.Period(now).TotalSeconds,
        TimeoutsMs = options.TimeoutsMs,
        Checks = options.Checks,
        Geohashes = options.Geohashes,
        Name = options.MonitorName,
        About = options.MonitorAbout,
        Website = options.MonitorWebsite,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Cycle {CycleId} started with {Count} relays")]
    private static partial void CycleStartedLog(ILogger logger, Guid cycleId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The previous cycle is still running; this occurrence is skipped")]
    private static partial void CycleStillRunning(ILogger logger);
}
