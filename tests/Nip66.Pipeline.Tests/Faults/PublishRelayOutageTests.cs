using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// The publish relay (a real npm relay) is down when the cycle publishes: each delivery fails and is retried
/// (PublisherOptions: about 1 s, 2 s, 4 s, ...); the relay comes back on the same port within the first
/// waits and every 30166 reaches it on a later attempt, with no test-only retry settings. The address is a
/// <see cref="RelayDoor"/>, so no other process can take its port while the relay is down.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class PublishRelayOutageTests
{
    [Fact]
    public async Task Events_reach_a_publish_relay_that_comes_back()
    {
        await using var door = new RelayDoor();
        var publishRelay = door.Url;
        var normalized = Nostr.RelayUrl.Parse(publishRelay).Value;
        using var metrics = new PublishMetrics(normalized);
        await using var monitored = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("readonly", "readonly"));
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        await using var scenario = await FaultScenario.StartAsync(vhost.Value, TestServices.Redis, database.Value,
            [monitored["healthy"].Url, monitored["readonly"].Url], publishRelay);

        var completed = await (await scenario.StartCycleAsync()).WaitAsync(TimeSpan.FromMinutes(2));
        var expectedEvents = 3 + completed.Online + completed.Degraded; // 10166, kind 0 and 10002, then the 30166s
        await FaultScenario.WaitUntilAsync(() => Task.FromResult(metrics.Attempts("failed") >= expectedEvents), TimeSpan.FromMinutes(1),
            $"a failed first delivery of each of {expectedEvents} events");

        await using var restarted = await RelayHost.StartAsync(new RelaySpec("publish", "healthy"));
        door.OpenTo(restarted["publish"].Url);
        await scenario.AssertCompletedInFullAsync(completed, publishRelay);

        await using var db = await scenario.Services.GetRequiredService<IDbContextFactory<Persistence.MonitorDbContext>>().CreateDbContextAsync();
        var events = await db.PublishedEvents.Where(e => e.CycleId == completed.CycleId).Select(e => e.EventId).ToListAsync();
        // Every attempt is stored; each delivery's last one (no retry time) is accepted after a failed one. The
        // last rows trail the relay's OK by a moment.
        List<Persistence.EventDelivery> deliveries = [];
        await FaultScenario.WaitUntilAsync(async () =>
        {
            deliveries = await db.EventDeliveries.AsNoTracking().Where(d => events.Contains(d.EventId) && d.PublishRelay == normalized).ToListAsync();
            return deliveries.Count(d => d.RetryAt == null) >= events.Count;
        }, TimeSpan.FromMinutes(1), $"the last attempt of {events.Count} deliveries stored");
        var last = deliveries.Where(d => d.RetryAt == null).ToList();
        Assert.Equal(events.Order(), last.Select(d => d.EventId).Order());
        Assert.All(last, d => Assert.Equal(("accepted", true), (d.Outcome, d.Attempt > 1)));
        Assert.All(deliveries.Except(last), d => Assert.Equal("failed", d.Outcome));
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }
}
