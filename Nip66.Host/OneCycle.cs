using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Persistence;
using Nip66.Scheduler;

namespace Nip66.Host;

/// <summary>
/// One cycle, start to finish, in a running host: announce the monitor, start the cycle, wait for the saga to complete
/// it, then for its results and deliveries to be stored. Used by <c>run --once</c> and the end-to-end tests.
/// </summary>
public static class OneCycle
{
    public static async Task<CycleCompleted> RunAsync(IServiceProvider services, MonitorSettings settings, TimeSpan drainTimeout)
    {
        await services.GetRequiredService<IBus>().Publish(CycleScheduler.MonitorEvents(MonitorHost.SchedulerOptionsFor(settings), DateTimeOffset.UtcNow));
        using var scope = services.CreateScope();
        var (_, _, completion) = await scope.ServiceProvider.GetRequiredService<CycleStarter>().StartAsync(CancellationToken.None);
        var completed = await completion;

        // The saga counts results as they arrive; storing and delivering them goes on a moment longer.
        var databases = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        using var drain = new CancellationTokenSource(drainTimeout);
        while (!drain.IsCancellationRequested)
        {
            await using var db = await databases.CreateDbContextAsync();
            var stored = await db.CheckResults.CountAsync(r => r.CycleId == completed.CycleId);
            var events = await db.PublishedEvents.Where(e => e.CycleId == completed.CycleId).Select(e => e.EventId).ToListAsync();
            // A delivery is done at its last attempt (accepted, refused or given up), the one with no retry time.
            var delivered = await db.EventDeliveries.CountAsync(d => events.Contains(d.EventId) && d.RetryAt == null);
            var cycleRecorded = await db.Cycles.AnyAsync(c => c.Id == completed.CycleId && c.CompletedAt != null);
            if (stored >= completed.Checked && delivered >= events.Count * settings.PublishRelays.Count && cycleRecorded)
            {
                break;
            }

            await Task.Delay(200);
        }

        return completed;
    }

}
