using System.Diagnostics;
using Nip66.Nostr;
using Nip66.Publisher;
using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Pipeline.Tests.Delivery;

/// <summary>
/// Deliveries through real RabbitMQ (one queue per publish relay) and PostgreSQL (every attempt stored), to real npm
/// relays and to fault-injection relays that refuse, never answer, or are not there.
/// </summary>
public sealed class DeliveryRetryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly PublisherOptions Quick = new()
    {
        FirstRetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        SendTimeout = TimeSpan.FromSeconds(3),
        MaxAttempts = 4,
    };

    private TemporaryResource vhost = null!;
    private TemporaryResource database = null!;
    private HostileRelay hostile = null!;

    public async Task InitializeAsync()
    {
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        database = await TestServices.CreatePostgresDatabaseAsync();
        hostile = await HostileRelay.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await hostile.DisposeAsync();
        await database.DisposeAsync();
        await vhost.DisposeAsync();
    }

    [Fact]
    public async Task A_rate_limited_delivery_is_retried_until_accepted()
    {
        var relay = Normalized(hostile.Url("refuse-2-rate-limited"));
        using var metrics = new PublishMetrics(relay);
        await using var host = await DeliveryHost.StartAsync(vhost.Value, database.Value, Quick with { PublishRelays = [relay] });
        var e = host.NewEvent("rate-limited twice");

        await host.DeliverAsync(e, relay);

        var attempts = await LastAttemptStoredAsync(host, relay, e.Id);
        Assert.Equal(
            [(1, "refused-temporarily", "rate-limited: refused 1 by the test relay", true), (2, "refused-temporarily", "rate-limited: refused 2 by the test relay", true), (3, "accepted", "", false)],
            attempts.Select(a => (a.Attempt, a.Outcome, a.Message, a.RetryAt is not null)));
        Assert.All(attempts.Take(2), a => Assert.True(a.RetryAt > a.At));
        Assert.Equal(3, hostile.EventsReceived("refuse-2-rate-limited"));
        Assert.Equal((2, 1, 0), (metrics.Attempts("refused-temporarily"), metrics.Attempts("accepted"), metrics.GivenUp));
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }

    [Fact]
    public async Task A_permanent_refusal_is_recorded_once_and_not_retried()
    {
        await using var npm = await RelayHost.StartAsync(new RelaySpec("readonly", "readonly"));
        var readOnly = Normalized(npm["readonly"].Url);
        var blocking = Normalized(hostile.Url("refuse-always-blocked"));
        await using var host = await DeliveryHost.StartAsync(vhost.Value, database.Value, Quick with { PublishRelays = [readOnly, blocking] });
        var e = host.NewEvent("refused for good");

        await host.DeliverAsync(e, readOnly);
        await host.DeliverAsync(e, blocking);

        var fromNpm = Assert.Single(await LastAttemptStoredAsync(host, readOnly, e.Id));
        Assert.Equal((1, "refused", true, null), (fromNpm.Attempt, fromNpm.Outcome, fromNpm.Message!.StartsWith("restricted:", StringComparison.Ordinal), fromNpm.RetryAt));
        var fromHostile = Assert.Single(await LastAttemptStoredAsync(host, blocking, e.Id));
        Assert.Equal((1, "refused", "blocked: refused 1 by the test relay", null), (fromHostile.Attempt, fromHostile.Outcome, fromHostile.Message, fromHostile.RetryAt));
        // The last attempt was stored after its consumer finished with the message: no retry is left to come.
        await Eventually.TrueAsync(
            async () => await TestServices.QueueDepthAsync(vhost.Value, DeliveryQueues.Name(blocking)) == 0, "the delivery queue drained");
        Assert.Equal(1, hostile.EventsReceived("refuse-always-blocked"));
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }

    [Fact]
    public async Task A_delivery_that_never_gets_an_answer_gives_up_after_the_last_attempt()
    {
        var closed = Normalized(MonitorClosedPort);
        using var metrics = new PublishMetrics(closed);
        await using var host = await DeliveryHost.StartAsync(vhost.Value, database.Value, Quick with { PublishRelays = [closed] });
        var e = host.NewEvent("nobody listens");

        await host.DeliverAsync(e, closed);

        var attempts = await LastAttemptStoredAsync(host, closed, e.Id);
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal("failed", a.Outcome));
        Assert.All(attempts.SkipLast(1), a => Assert.Equal("connection to 127.0.0.1:1 refused", a.Message));
        Assert.All(attempts.SkipLast(1), a => Assert.NotNull(a.RetryAt));
        Assert.Equal(("gave up after 4 attempts: connection to 127.0.0.1:1 refused", null), (attempts[^1].Message, attempts[^1].RetryAt));
        Assert.Equal((4, 1), (metrics.Attempts("failed"), metrics.GivenUp));
        // Recorded with its reason, the delivery is finished: the error queue is for faults of the monitor itself.
        await Eventually.TrueAsync(
            async () => await TestServices.QueueDepthAsync(vhost.Value, DeliveryQueues.Name(closed)) == 0, "the delivery queue drained");
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }

    [Fact]
    public async Task A_dead_publish_relay_does_not_slow_deliveries_to_a_healthy_one()
    {
        const int Events = 100;
        await using var npm = await RelayHost.StartAsync(new RelaySpec("publish", "healthy"));
        var healthy = Normalized(npm["publish"].Url);
        // Opens the WebSocket and never answers: every attempt lasts the whole send timeout.
        var dead = Normalized(hostile.Url("hang-publish"));
        var options = new PublisherOptions { PublishRelays = [healthy, dead], SendTimeout = TimeSpan.FromSeconds(5) };
        await using var host = await DeliveryHost.StartAsync(vhost.Value, database.Value, options);

        var alone = await DeliverAllAsync(host, healthy, [], Events, "alone");
        var besideDead = await DeliverAllAsync(host, healthy, [dead], Events, "beside a dead relay");

        var toDead = await host.AttemptsAsync(dead, [.. besideDead.EventIds]);
        output.WriteLine($"{Events} events accepted by the healthy relay: alone in {alone.Elapsed.TotalSeconds:0.00} s, " +
            $"beside the dead relay in {besideDead.Elapsed.TotalSeconds:0.00} s; meanwhile {toDead.Count} attempts to the dead relay ended, none finished a delivery");
        // Had the healthy relay's deliveries waited behind the dead relay's, they could not have finished before the
        // dead relay's first attempts (5 s each, one at a time) got through more than a handful of its events.
        Assert.True(toDead.Count < Events / 4, $"{toDead.Count} attempts to the dead relay ended first");
        Assert.All(toDead, a => Assert.NotNull(a.RetryAt));
    }

    [Fact]
    public async Task Stopping_during_a_retry_wait_hands_the_delivery_back_with_its_attempt_count()
    {
        var closed = Normalized(MonitorClosedPort);
        var waitsLong = Quick with { PublishRelays = [closed], FirstRetryDelay = TimeSpan.FromMinutes(10), MaxRetryDelay = TimeSpan.FromMinutes(10) };
        var host = await DeliveryHost.StartAsync(vhost.Value, database.Value, waitsLong);
        NostrEvent e;
        try
        {
            e = host.NewEvent("interrupted");
            await host.DeliverAsync(e, closed);
            await Eventually.TrueAsync(async () => (await host.AttemptsAsync(closed, e.Id)).Count == 1, "the first attempt stored");

            var watch = Stopwatch.StartNew();
            await host.StopAsync();
            output.WriteLine($"stopped in {watch.Elapsed.TotalSeconds:0.00} s during a 10-minute retry wait");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {watch.Elapsed}");
        }
        finally
        {
            await host.DisposeAsync();
        }

        // The management API's counts lag the queue by a few seconds.
        await Eventually.TrueAsync(
            async () => await TestServices.QueueDepthAsync(vhost.Value, DeliveryQueues.Name(closed)) == 1, "the delivery back in its queue");
        await using var restarted = await DeliveryHost.StartAsync(vhost.Value, database.Value, waitsLong);
        await Eventually.TrueAsync(async () => (await restarted.AttemptsAsync(closed, e.Id)).Count == 2, "the second attempt stored");
        Assert.Equal([1, 2], (await restarted.AttemptsAsync(closed, e.Id)).Select(a => a.Attempt));
    }

    /// <summary>Nothing listens on port 1: every connect is refused at once.</summary>
    private const string MonitorClosedPort = "ws://127.0.0.1:1/";

    private static string Normalized(string url) => RelayUrl.Parse(url).Value;

    /// <summary>The attempts once the last one (the one without a retry time) is stored.</summary>
    private static async Task<List<Persistence.EventDelivery>> LastAttemptStoredAsync(DeliveryHost host, string relay, string eventId)
    {
        List<Persistence.EventDelivery> attempts = [];
        await Eventually.TrueAsync(
            async () => (attempts = await host.AttemptsAsync(relay, eventId)).Any(a => a.RetryAt is null),
            $"the last delivery attempt of {eventId} to {relay} stored");
        return attempts;
    }

    /// <summary>Sends <paramref name="count"/> events to the healthy relay (and the others) and times their acceptance.</summary>
    private static async Task<(TimeSpan Elapsed, string[] EventIds)> DeliverAllAsync(
        DeliveryHost host, string healthy, IReadOnlyList<string> others, int count, string phase)
    {
        var events = Enumerable.Range(0, count).Select(i => host.NewEvent($"{phase} {i}")).ToArray();
        var ids = events.Select(e => e.Id).ToArray();
        var watch = Stopwatch.StartNew();
        foreach (var e in events)
        {
            await host.DeliverAsync(e, healthy);
            foreach (var other in others)
            {
                await host.DeliverAsync(e, other);
            }
        }

        await Eventually.TrueAsync(
            async () => (await host.AttemptsAsync(healthy, ids)).Count(a => a.Outcome == "accepted") == count,
            $"{count} events accepted by the healthy relay ({phase})", timeoutSeconds: 120);
        return (watch.Elapsed, ids);
    }
}
