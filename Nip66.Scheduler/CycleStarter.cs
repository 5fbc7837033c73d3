using MassTransit;
using Nip66.Contracts;
using Nip66.Persistence;
using Nip66.Scheduler.Deadlines;

namespace Nip66.Scheduler;

/// <summary>
/// Starts one cycle: its deadline is recorded (<see cref="ICycleDeadlines"/>), the saga learns how many relays to
/// expect, then each relay gets its command. Relays that are
/// backed off (<see cref="RelaySchedule"/>) or opted out (<see cref="SchedulerOptions.OptOut"/>) are neither sent nor
/// expected. Relays resting while up have their last 30166 re-signed instead, so the rest does not make them look gone.
/// With discovery on, the due candidates follow the monitored relays (<see cref="DiscoveryOptions.ValidationsPerCycle"/>
/// at most); the commands go out in the order of their tiers (<see cref="DueRelay.QueuePriority"/>), each with its
/// tier as its queue priority, and within a tier busiest hosts first, round-robin across hosts (<see cref="CriticalPathOrder"/>).
/// </summary>
public sealed class CycleStarter(RelaySchedule schedule, ICycleDeadlines deadlines, IPublishEndpoint publish,
    ISendEndpointProvider send, CycleTracker tracker, SchedulerOptions options, TimeProvider time)
{
    // Sent to the exchange, not queue:, so the priority queue is never re-declared without its argument.
    private static readonly Uri CheckRelayExchange = new($"exchange:{QueueNames.CheckRelay}");

    public async Task<(Guid CycleId, int Count, Task<CycleCompleted> Completion)> StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidates = options.Discovery.Enabled
            ? await schedule.GetDueCandidatesAsync(now, options.Discovery.ValidationsPerCycle, cancellationToken).ConfigureAwait(false)
            : [];
        // Within a host the registry's order stays (configured priority, then id; candidates as chosen).
        var relays = CriticalPathOrder.Of((await schedule.GetDueAsync(now, cancellationToken).ConfigureAwait(false))
            .Concat(candidates)
            .Where(relay => !options.OptOut.Excludes(relay.Url)));
        var cycleId = NewId.NextGuid();
        var deadline = new CycleDeadline(cycleId, now, relays.Count, now + (options.CycleDeadline ?? options.Period(now)));
        await deadlines.AddAsync(deadline, cancellationToken).ConfigureAwait(false);
        var completion = tracker.Started(cycleId);
        await publish.Publish(new CycleStarted
        {
            CycleId = cycleId,
            ExpectedCount = relays.Count,
            StartedAt = now,
            Deadline = deadline.Deadline,
            RelayUrls = [.. relays.Select(r => r.Url)],
        }, cancellationToken).ConfigureAwait(false);

        var endpoint = await send.GetSendEndpoint(CheckRelayExchange).ConfigureAwait(false);
        var commands = relays.Select((relay, index) => new CheckRelay
        {
            CycleId = cycleId,
            Index = index,
            Url = relay.Url,
            Priority = relay.QueuePriority,
            Checks = options.Checks,
            TimeoutsMs = options.TimeoutsMs,
            AllowPrivateAddresses = relay.AllowPrivateAddresses,
            Candidate = relay.Candidate,
        });
        foreach (var chunk in commands.Chunk(500))
        {
            await endpoint.SendBatch(chunk, context => context.TrySetPriority(context.Message.Priority), cancellationToken).ConfigureAwait(false);
        }

        var refreshes = (await schedule.GetRestedAsync(now, cancellationToken).ConfigureAwait(false))
            .Where(relay => !options.OptOut.Excludes(relay.Url))
            .Select(relay => new RefreshRelayDiscovery { CycleId = cycleId, RelayUrl = relay.Url, EventJson = relay.EventJson, At = now });
        await publish.PublishBatch(refreshes, cancellationToken).ConfigureAwait(false);

        return (cycleId, relays.Count, completion);
    }
}
