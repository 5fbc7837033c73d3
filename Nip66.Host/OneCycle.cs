using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Persistence.ReadSide;
using Nip66.Scheduler;

namespace Nip66.Host;

/// <summary>
/// One cycle, start to finish, in a running host: announce the monitor, start the cycle, wait for the saga to complete
/// it, then for its results and deliveries to be stored. Used by <c>run --once</c> and the end-to-end tests.
/// </summary>
public static class OneCycle
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static async Task<CycleCompleted> RunAsync(IServiceProvider services, MonitorSettings settings, TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        var started = await StartAsync(services, settings, cancellationToken);
        return await FinishAsync(services, settings, started, drainTimeout, cancellationToken);
    }

    /// <summary>Announces the monitor and sends the cycle's checks.</summary>
    public static async Task<StartedCycle> StartAsync(IServiceProvider services, MonitorSettings settings, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IBus>().Publish(CycleScheduler.MonitorEvents(MonitorHost.SchedulerOptionsFor(settings), DateTimeOffset.UtcNow), cancellationToken);
        using var scope = services.CreateScope();
        var (cycleId, expected, completion) = await scope.ServiceProvider.GetRequiredService<CycleStarter>().StartAsync(cancellationToken);
        return new StartedCycle(cycleId, expected, completion);
    }

    /// <summary>
    /// Waits for the saga to complete the cycle, then (at most <paramref name="drainTimeout"/>) for its results,
    /// deliveries and completion to be stored. Cancelling stops the wait, not the cycle.
    /// </summary>
    public static async Task<CycleCompleted> FinishAsync(IServiceProvider services, MonitorSettings settings, StartedCycle cycle, TimeSpan drainTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        var completed = await cycle.Completion.WaitAsync(cancellationToken);

        // The saga counts results as they arrive; storing them, signing the 30166 of each publishable one and
        // delivering those goes on a moment longer. Once every result is stored, the publishable ones say how many
        // events to wait for. The publisher may rightly sign none for a check older than the relay's last 30166 (see
        // ICreatedAtClock); such a cycle waits out the drain timeout, which one run of one cycle can afford.
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(drainTimeout);
        try
        {
            while (!(await ProgressAsync(services, settings, cycle, drain.Token)).IsSettled(completed.Checked))
            {
                await Task.Delay(PollInterval, drain.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The drain timed out: the summary says what is still missing.
        }

        return completed;
    }

    /// <summary>What the database holds of a cycle so far.</summary>
    public static Task<CycleProgress> ProgressAsync(IServiceProvider services, MonitorSettings settings, StartedCycle cycle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(cycle);
        return services.GetRequiredService<CycleQueries>().ProgressAsync(cycle.CycleId, cycle.Expected, settings.PublishRelays.Count, cancellationToken);
    }
}
