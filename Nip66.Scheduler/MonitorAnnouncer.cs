using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nip66.Scheduler;

/// <summary>
/// Asks the publisher to announce the monitor (10166, kind 0, 10002) at start and then every
/// <see cref="SchedulerOptions.AnnounceInterval"/>. The publisher re-signs only an event whose content changed or
/// that has grown a day old, so asking often costs nothing and a change (a new period of an irregular schedule, a
/// restart with new settings) is announced within the interval.
/// </summary>
public sealed partial class MonitorAnnouncer(IPublishEndpoint publish, SchedulerOptions options, TimeProvider time, ILogger<MonitorAnnouncer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AnnounceInterval, time);
        do
        {
            try
            {
                await publish.Publish(CycleScheduler.MonitorEvents(options, time.GetUtcNow()), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The broker is away; the next tick asks again.
                AnnounceFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask for the monitor's announcement; asking again at the next interval")]
    private static partial void AnnounceFailed(ILogger logger, Exception exception);
}
