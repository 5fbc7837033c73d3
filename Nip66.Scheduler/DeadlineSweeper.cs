using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Persistence;

namespace Nip66.Scheduler;

/// <summary>
/// The cycle deadline is data, not a scheduled message (this broker has no delayed exchange): this sweeper finds
/// cycles past their deadline and tells their saga. The saga ignores it if the cycle already completed.
/// </summary>
public sealed partial class DeadlineSweeper(IDbContextFactory<MonitorDbContext> databases, IPublishEndpoint publish,
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
                // The database or the broker is away; the next tick tries again.
                SweepFailed(logger, e);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var overdue = (await db.Cycles.AsNoTracking().Where(c => c.CompletedAt == null).Select(c => new { c.Id, c.Deadline }).ToListAsync(cancellationToken))
            .Where(c => c.Deadline <= now).Select(c => c.Id).ToList();
        foreach (var cycleId in overdue)
        {
            await publish.Publish(new CycleDeadlineReached { CycleId = cycleId }, cancellationToken);
        }

        return overdue.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadline sweep failed; retrying on the next tick")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
