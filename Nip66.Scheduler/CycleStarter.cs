using MassTransit;
using Nip66.Contracts;
using Nip66.Persistence;

namespace Nip66.Scheduler;

/// <summary>
/// Starts one cycle: the saga learns how many relays to expect, then each relay gets its command. Relays that are
/// backed off (the registry) or opted out (<see cref="SchedulerOptions.OptOut"/>) are neither sent nor expected.
/// Relays resting while up have their last 30166 re-signed instead (<see cref="RestedRelays"/>), so the rest does not
/// make them look gone.
/// </summary>
public sealed class CycleStarter(IRelayRegistry registry, RestedRelays rested, IPublishEndpoint publish, ISendEndpointProvider send,
    CycleTracker tracker, SchedulerOptions options, TimeProvider time)
{
    public const string CheckRelayExchange = "exchange:check-relay";

    public async Task<(Guid CycleId, int Count, Task<CycleCompleted> Completion)> StartAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var relays = (await registry.GetDueAsync(now, cancellationToken).ConfigureAwait(false))
            .Where(relay => !options.OptOut.Excludes(relay.Url))
            .ToList();
        var cycleId = NewId.NextGuid();
        var completion = tracker.Started(cycleId);
        await publish.Publish(new CycleStarted
        {
            CycleId = cycleId,
            ExpectedCount = relays.Count,
            StartedAt = now,
            Deadline = now + (options.CycleDeadline ?? options.Period(now)),
            RelayUrls = [.. relays.Select(r => r.Url)],
        }, cancellationToken).ConfigureAwait(false);

        // Sent to the exchange, not queue:, so the priority queue is never re-declared without its argument.
        var endpoint = await send.GetSendEndpoint(new Uri(CheckRelayExchange)).ConfigureAwait(false);
        var commands = relays.Select((relay, index) => new CheckRelay
        {
            CycleId = cycleId,
            Index = index,
            Url = relay.Url,
            Priority = relay.Priority,
            Checks = options.Checks,
            TimeoutsMs = options.TimeoutsMs,
            RequestedAt = now,
            AllowPrivateAddresses = relay.Origin == RelayOrigin.Operator,
        });
        foreach (var chunk in commands.Chunk(500))
        {
            await endpoint.SendBatch(chunk, context => context.TrySetPriority(Math.Min(context.Message.Priority, (byte)9)), cancellationToken).ConfigureAwait(false);
        }

        var refreshes = (await rested.GetAsync(now, cancellationToken).ConfigureAwait(false))
            .Where(relay => !options.OptOut.Excludes(relay.Url))
            .Select(relay => new RefreshRelayDiscovery { CycleId = cycleId, RelayUrl = relay.Url, EventJson = relay.EventJson, At = now });
        await publish.PublishBatch(refreshes, cancellationToken).ConfigureAwait(false);

        return (cycleId, relays.Count, completion);
    }
}
