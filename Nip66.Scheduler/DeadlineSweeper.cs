using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Scheduler.Deadlines;

namespace Nip66.Scheduler;

/// <summary>
/// Closes cycles by their deadline. The deadline is the scheduler's own record (<see cref="ICycleDeadlines"/>), not a
/// scheduled message (this broker has no delayed exchange) nor another role's table, so a cycle closes whether or not
/// persistence runs or heard of it. Each due cycle's saga is told once, and the record dropped once the broker took
/// the message; the saga ignores it when the cycle already completed, and closes it as timed out otherwise, even if it
/// never saw the cycle start.
/// </summary>
public sealed partial class DeadlineSweeper(ICycleDeadlines deadlines, IPublishEndpoint publish,
    SchedulerOptions options, TimeProvider time, ILogger<DeadlineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis or the broker is away; the next tick tries again.
                SweepFailed(logger, e);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = await deadlines.DueAsync(time.GetUtcNow(), cancellationToken);
        foreach (var cycle in due)
        {
            await publish.Publish(new CycleDeadlineReached { CycleId = cycle.CycleId, ExpectedCount = cycle.Expected, StartedAt = cycle.StartedAt }, cancellationToken);

            // After the publish: a publish that failed leaves the record for the next tick.
            await deadlines.RemoveAsync(cycle.CycleId, cancellationToken);
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; retrying on the next tick")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
