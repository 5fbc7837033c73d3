using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Persistence.Consumers;
using Nip66.Persistence.ReadSide;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Sagas;

namespace Nip66.Persistence.Tests;

/// <summary>The consumers through a real MassTransit in-memory bus.</summary>
public abstract class ConsumerTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    protected TDatabase Database => database;

    string Url(string name) => $"wss://{name}.{_tag}.example/";

    async Task<int> CountResultsAsync(params Guid[] cycles)
    {
        await using var db = await database.OpenAsync();
        return await db.CheckResults.CountAsync(c => cycles.Contains(c.CycleId));
    }

    RelaySchedule Schedule => database.Services.GetRequiredService<RelaySchedule>();

    async Task<Relay> RelayAsync(string url)
    {
        await using var db = await database.OpenAsync();
        return await db.Relays.AsNoTracking().SingleAsync(r => r.Url == url);
    }

    [Fact]
    public async Task Batch_of_250_results_is_stored_once_per_cycle_and_relay()
    {
        var registry = database.Services.GetRequiredService<IRelayRegistry>();
        var urls = Enumerable.Range(0, 120).Select(i => Url($"r{i}")).ToList();
        Assert.Equal(120, await registry.AddAsync(urls, allowPrivateAddresses: true));

        var cycle1 = Guid.NewGuid();
        var cycle2 = Guid.NewGuid();
        var t1 = Checks.T0;
        var t2 = Checks.T0.AddMinutes(10);

        RelayChecked First(int i) => (i % 10) switch
        {
            0 => Checks.Result(cycle1, i, urls[i], RelayStatus.Offline, t1, FailureClass.Timeout),
            1 => Checks.Result(cycle1, i, urls[i], RelayStatus.Offline, t1, FailureClass.Refused),
            2 => Checks.Result(cycle1, i, urls[i], RelayStatus.Online, t1, nip11Json: $"{{\"name\":\"r{i}\"}}"),
            _ => Checks.Result(cycle1, i, urls[i], RelayStatus.Online, t1),
        };

        RelayChecked Second(int i) => (i % 10) switch
        {
            0 => Checks.Result(cycle2, i, urls[i], RelayStatus.Offline, t2, FailureClass.Timeout),
            2 => Checks.Result(cycle2, i, urls[i], RelayStatus.Degraded, t2, FailureClass.AuthRequired, CheckType.Read),
            _ => Checks.Result(cycle2, i, urls[i], RelayStatus.Online, t2),
        };

        await using var bus = await database.StartBusAsync();

        // Phase 1: cycle 1 (120) and 10 duplicates that can land in the same batch.
        var phase1 = Enumerable.Range(0, 120).Select(First).Concat(Enumerable.Range(0, 10).Select(First)).ToList();
        foreach (var message in phase1)
        {
            await bus.Bus.Publish(message);
        }

        await Eventually.TrueAsync(async () => await CountResultsAsync(cycle1) == 120, "120 results of cycle 1");
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<RelayChecked>() == 130), "130 messages consumed");

        // Phase 2: cycle 2 (100 known relays, 5 unknown ones) and 15 redelivered results of cycle 1. 250 in all.
        var phase2 = Enumerable.Range(0, 100).Select(Second)
            .Concat(Enumerable.Range(100, 5).Select(i => Checks.Result(cycle2, i, Url($"new{i}"), RelayStatus.Online, t2)))
            .Concat(Enumerable.Range(0, 15).Select(First))
            .ToList();
        Assert.Equal(250, phase1.Count + phase2.Count);
        foreach (var message in phase2)
        {
            await bus.Bus.Publish(message);
        }

        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<RelayChecked>() == 250), "250 messages consumed");
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());
        Assert.Equal(120, await CountResultsAsync(cycle1));
        Assert.Equal(105, await CountResultsAsync(cycle2));

        await using (var db = await database.OpenAsync())
        {
            var relays = await db.Relays.AsNoTracking().Where(r => r.Url.Contains(_tag)).ToListAsync();
            Assert.Equal(125, relays.Count);
            var added = relays.Where(r => r.Url.Contains("new", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, added.Count);
            Assert.All(added, r =>
            {
                Assert.True(r.Enabled);
                Assert.Equal("online", r.LastStatus);
                Assert.Equal(RelayCheckedBatchConsumer.AddedFromCheckNote, r.Notes);
            });

            var row = await db.CheckResults.AsNoTracking().SingleAsync(c => c.CycleId == cycle2 && c.Relay!.Url == urls[2]);
            Assert.Equal("degraded", row.Status);
            Assert.Equal(102, row.RttOpenMs);
            Assert.Null(row.RttReadMs);
            Assert.Null(row.RttWriteMs);
            Assert.Equal("read", row.FailureCheck);
            Assert.Equal("auth-required", row.FailureClass);
            Assert.Equal($"AuthRequired at {urls[2]}", row.FailureMessage);
            Assert.True(row.Publishable);
            Assert.False((await db.CheckResults.AsNoTracking().SingleAsync(c => c.CycleId == cycle2 && c.Relay!.Url == urls[0])).Publishable);
            Checks.SameInstant(t2, row.FinishedAt);
            Checks.SameInstant(t2.AddSeconds(-2), row.StartedAt);
            using var checks = JsonDocument.Parse(row.ChecksJson);
            Assert.Equal("open", checks.RootElement[0].GetProperty("check").GetString());
            Assert.Equal("auth-required", checks.RootElement[1].GetProperty("failure").GetString());
        }

        // Two timeouts in a row: counted once each despite the duplicates, no back-off yet.
        var r0 = await RelayAsync(urls[0]);
        Assert.Equal("offline", r0.LastStatus);
        Assert.Equal("timeout", r0.LastFailureClass);
        Assert.Equal(2, r0.ConsecutiveFailures);
        Assert.Null(r0.NextCheckAt);
        Assert.Null(r0.LastOnlineAt);
        Checks.SameInstant(t2, r0.LastCheckedAt);

        // Refused then online: reset.
        var r1 = await RelayAsync(urls[1]);
        Assert.Equal("online", r1.LastStatus);
        Assert.Null(r1.LastFailureClass);
        Assert.Equal(0, r1.ConsecutiveFailures);
        Checks.SameInstant(t2, r1.LastOnlineAt);

        // Degraded counts as reachable; the NIP-11 document of cycle 1 stays (cycle 2 had none).
        var r2 = await RelayAsync(urls[2]);
        Assert.Equal("degraded", r2.LastStatus);
        Assert.Equal("auth-required", r2.LastFailureClass);
        Assert.Equal("{\"name\":\"r2\"}", r2.Nip11Json);
        Checks.SameInstant(t2, r2.LastOnlineAt);

        // Only in cycle 1.
        var r111 = await RelayAsync(urls[111]);
        Assert.Equal("offline", r111.LastStatus);
        Assert.Equal("refused", r111.LastFailureClass);
        Assert.Equal(1, r111.ConsecutiveFailures);
        Checks.SameInstant(t1, r111.LastCheckedAt);

        // The relay row is the latest status: the round trips of its newest result, none for an offline one.
        Assert.Equal((null, null, null), (r0.LastRttOpenMs, r0.LastRttReadMs, r0.LastRttWriteMs));
        var r115 = await RelayAsync(urls[115]);
        Assert.Equal((215, 165), (r115.LastRttOpenMs, r115.LastRttReadMs));
        Checks.SameInstant(t1, r115.LastCheckedAt);
        Assert.Equal("clearnet", r115.Network);
    }

    [Fact]
    public async Task A_cycle_completes_once_its_results_are_stored_each_relay_counted_once_in_batches()
    {
        const int expected = 300;
        const int duplicates = 50;
        var urls = Enumerable.Range(0, expected).Select(i => Url($"t{i}")).ToList();
        await database.Services.GetRequiredService<IRelayRegistry>().AddAsync(urls, allowPrivateAddresses: true);
        var completed = new TaskCompletionSource<CycleCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tallies = 0;
        await using var bus = await database.StartBusAsync(x =>
        {
            x.AddSagaStateMachine<CycleStateMachine, CycleState, CycleSagaDefinition>().InMemoryVersionedRepository();
            x.AddHandler<CycleCompleted>((CycleCompleted message) => Task.FromResult(completed.TrySetResult(message)));
            x.AddHandler<CheckResultsTallied>((CheckResultsTallied _) => Task.FromResult(Interlocked.Increment(ref tallies)));
        });
        var cycle = Guid.NewGuid();
        await bus.Bus.Publish(new CycleStarted { CycleId = cycle, ExpectedCount = expected, StartedAt = Checks.T0, Deadline = Checks.T0.AddHours(1), RelayUrls = urls });

        // Index i is online, degraded or offline by i mod 3; redeliveries of random results come in among the others.
        static RelayStatus StatusOf(int index) => (RelayStatus)(index % 3);
        var random = new Random(66);
        var results = Enumerable.Range(0, expected)
            .Concat(Enumerable.Range(0, duplicates).Select(_ => random.Next(expected)))
            .OrderBy(_ => random.Next())
            .Select(i => Checks.Result(cycle, i, urls[i], StatusOf(i), Checks.T0, StatusOf(i) == RelayStatus.Offline ? FailureClass.Refused : null))
            .ToList();
        await Parallel.ForEachAsync(results, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (result, token) => new ValueTask(bus.Bus.Publish(result, token)));

        var summary = await completed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(expected, await CountResultsAsync(cycle));
        Assert.Equal(expected, summary.Checked);
        Assert.Equal(Enumerable.Range(0, expected).Count(i => StatusOf(i) == RelayStatus.Online), summary.Online);
        Assert.Equal(Enumerable.Range(0, expected).Count(i => StatusOf(i) == RelayStatus.Degraded), summary.Degraded);
        Assert.Equal(Enumerable.Range(0, expected).Count(i => StatusOf(i) == RelayStatus.Offline), summary.Offline);
        Assert.False(summary.TimedOut);
        Assert.Empty(summary.MissedIndexes);

        // One saga write for the start and one per tally, a tally per stored batch: far fewer than the results.
        var sagas = bus.Services.GetRequiredService<ILoadSagaRepository<CycleState>>();
        await Eventually.TrueAsync(async () => (await sagas.Load(cycle))!.Version == 1 + Volatile.Read(ref tallies), "a saga write per tally");
        Assert.InRange(tallies, (expected + duplicates) / PersistenceBatchConsumerDefinition<RelayCheckedBatchConsumer>.MessageLimit, (expected + duplicates) / 10);
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());
    }

    [Fact]
    public async Task Consecutive_failures_back_off_and_a_success_resets()
    {
        var registry = database.Services.GetRequiredService<IRelayRegistry>();
        var url = Url("flaky");
        await registry.AddAsync([url], allowPrivateAddresses: true);
        await using var bus = await database.StartBusAsync();

        var cycles = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var times = Enumerable.Range(0, 4).Select(i => Checks.T0.AddMinutes(10 * i)).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await bus.Bus.Publish(Checks.Result(cycles[i], 0, url, RelayStatus.Offline, times[i], FailureClass.Dns));
            var expected = i + 1;
            await Eventually.TrueAsync(async () => await CountResultsAsync(cycles) == expected, $"{expected} results");
        }

        var relay = await RelayAsync(url);
        Assert.Equal(3, relay.ConsecutiveFailures);
        Assert.Equal("dns", relay.LastFailureClass);
        Checks.SameInstant(times[2].AddHours(6), relay.NextCheckAt);
        Assert.DoesNotContain(url, (await Schedule.GetDueAsync(times[2].AddHours(5))).Select(d => d.Url));
        Assert.Contains(url, (await Schedule.GetDueAsync(times[2].AddHours(6))).Select(d => d.Url));
        var listed = (await database.Services.GetRequiredService<RelayStatusQueries>().ListAllAsync()).Single(r => r.Url == url);
        Assert.Equal(3, listed.ConsecutiveFailures);

        // A redelivered failure changes nothing.
        await bus.Bus.Publish(Checks.Result(cycles[2], 0, url, RelayStatus.Offline, times[2], FailureClass.Dns));
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<RelayChecked>() == 4), "4 messages consumed");
        Assert.Equal(3, (await RelayAsync(url)).ConsecutiveFailures);

        await bus.Bus.Publish(Checks.Result(cycles[3], 0, url, RelayStatus.Online, times[3], nip11Json: "{\"name\":\"flaky\"}"));
        await Eventually.TrueAsync(async () => await CountResultsAsync(cycles) == 4, "4 results");
        relay = await RelayAsync(url);
        Assert.Equal(0, relay.ConsecutiveFailures);
        Assert.Null(relay.NextCheckAt);
        Assert.Null(relay.LastFailureClass);
        Assert.Equal("online", relay.LastStatus);
        Assert.Equal("{\"name\":\"flaky\"}", relay.Nip11Json);
        Checks.SameInstant(times[3], relay.LastOnlineAt);
        Assert.Contains(url, (await Schedule.GetDueAsync(times[3])).Select(d => d.Url));
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());
    }

    [Fact]
    public async Task Rate_limited_and_timing_out_relays_rest_without_going_offline()
    {
        var registry = database.Services.GetRequiredService<IRelayRegistry>();
        var busy = Url("busy");
        var slow = Url("slow");
        await registry.AddAsync([busy, slow], allowPrivateAddresses: true);
        await using var bus = await database.StartBusAsync();
        var published = 0;

        async Task CheckAsync(RelayChecked message)
        {
            await bus.Bus.Publish(message);
            var expected = ++published;
            await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<RelayChecked>() == expected), $"{expected} consumed");
        }

        var times = Enumerable.Range(0, 6).Select(i => Checks.T0.AddHours(i)).ToArray();

        // Rate-limited write: skipped for one default cycle (15 min) at once, then 30 min; still online.
        await CheckAsync(Checks.WithOutcome(Checks.Result(Guid.NewGuid(), 0, busy, RelayStatus.Online, times[0]), CheckType.Write, FailureClass.RateLimited));
        var relay = await RelayAsync(busy);
        Assert.Equal("online", relay.LastStatus);
        Assert.Equal(0, relay.ConsecutiveFailures);
        Assert.Equal(1, relay.ConsecutiveStrainedChecks);
        Checks.SameInstant(times[0].AddMinutes(15), relay.NextCheckAt);
        Assert.DoesNotContain(busy, (await Schedule.GetDueAsync(times[0].AddMinutes(14))).Select(d => d.Url));
        Assert.Contains(busy, (await Schedule.GetDueAsync(times[0].AddMinutes(15))).Select(d => d.Url));

        await CheckAsync(Checks.WithOutcome(Checks.Result(Guid.NewGuid(), 0, busy, RelayStatus.Online, times[1]), CheckType.Write, FailureClass.RateLimited));
        relay = await RelayAsync(busy);
        Assert.Equal(2, relay.ConsecutiveStrainedChecks);
        Checks.SameInstant(times[1].AddMinutes(30), relay.NextCheckAt);

        // A clean check ends the rest.
        await CheckAsync(Checks.Result(Guid.NewGuid(), 0, busy, RelayStatus.Online, times[2]));
        relay = await RelayAsync(busy);
        Assert.Equal(0, relay.ConsecutiveStrainedChecks);
        Assert.Null(relay.NextCheckAt);

        // Read timeouts on an open relay: free twice, then the short ladder; degraded, never offline.
        for (var i = 0; i < 3; i++)
        {
            await CheckAsync(Checks.Result(Guid.NewGuid(), 1, slow, RelayStatus.Degraded, times[i], FailureClass.Timeout, CheckType.Read));
            relay = await RelayAsync(slow);
            Assert.Equal("degraded", relay.LastStatus);
            Assert.Equal(i + 1, relay.ConsecutiveStrainedChecks);
            if (i < 2)
            {
                Assert.Null(relay.NextCheckAt);
            }
        }

        Checks.SameInstant(times[2].AddMinutes(30), relay!.NextCheckAt);
        Assert.Equal(0, relay.ConsecutiveFailures);
        Checks.SameInstant(times[2], relay.LastOnlineAt);

        // Going offline switches to the offline ladder and clears the strain.
        await CheckAsync(Checks.Result(Guid.NewGuid(), 1, slow, RelayStatus.Offline, times[3], FailureClass.Refused));
        relay = await RelayAsync(slow);
        Assert.Equal(0, relay.ConsecutiveStrainedChecks);
        Assert.Equal(1, relay.ConsecutiveFailures);
        Assert.Null(relay.NextCheckAt);
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());
    }

    [Fact]
    public async Task Cycles_are_stored_once_and_completed_with_the_missed_urls()
    {
        await using var bus = await database.StartBusAsync();
        var urls = new[] { Url("c0"), Url("c1"), Url("c2"), Url("c3") };
        var started = new CycleStarted
        {
            CycleId = Guid.NewGuid(),
            ExpectedCount = 4,
            StartedAt = Checks.T0,
            Deadline = Checks.T0.AddMinutes(5),
            RelayUrls = urls,
        };
        await bus.Bus.Publish(started);
        await bus.Bus.Publish(started);
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<CycleStarted>() == 2), "2 CycleStarted consumed");

        await bus.Bus.Publish(new CycleCompleted
        {
            CycleId = started.CycleId,
            Expected = 4,
            Checked = 2,
            Online = 1,
            Degraded = 0,
            Offline = 1,
            StartedAt = started.StartedAt,
            CompletedAt = started.Deadline,
            TimedOut = true,
            MissedIndexes = [1, 3],
        });
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<CycleCompleted>() == 1), "CycleCompleted consumed");

        // Completed before started (another queue): the retry waits for the cycles row.
        var late = Guid.NewGuid();
        await bus.Bus.Publish(new CycleCompleted
        {
            CycleId = late,
            Expected = 2,
            Checked = 2,
            Online = 2,
            Degraded = 0,
            Offline = 0,
            StartedAt = Checks.T0,
            CompletedAt = Checks.T0.AddMinutes(1),
            TimedOut = false,
        });
        await Task.Delay(300);
        await bus.Bus.Publish(new CycleStarted
        {
            CycleId = late,
            ExpectedCount = 2,
            StartedAt = Checks.T0,
            Deadline = Checks.T0.AddMinutes(5),
            RelayUrls = [urls[0], urls[1]],
        });
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<CycleCompleted>() == 2), "late CycleCompleted consumed");

        await using var db = await database.OpenAsync();
        var cycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == started.CycleId);
        Assert.Equal(4, cycle.Expected);
        Assert.Equal(2, cycle.Checked);
        Assert.Equal(1, cycle.Online);
        Assert.Equal(0, cycle.Degraded);
        Assert.Equal(1, cycle.Offline);
        Assert.True(cycle.TimedOut);
        Checks.SameInstant(started.StartedAt, cycle.StartedAt);
        Checks.SameInstant(started.Deadline, cycle.Deadline);
        Checks.SameInstant(started.Deadline, cycle.CompletedAt);
        Assert.Equal(urls, JsonSerializer.Deserialize<string[]>(cycle.RelayUrlsJson)!);
        Assert.Equal([urls[1], urls[3]], JsonSerializer.Deserialize<string[]>(cycle.MissedJson!)!);

        var lateCycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == late);
        Assert.Equal(2, lateCycle.Checked);
        Assert.False(lateCycle.TimedOut);
        Assert.Null(lateCycle.MissedJson);
        Assert.NotNull(lateCycle.CompletedAt);
        Assert.Equal(0, bus.Counter.Faulted<CycleStarted>());
    }

    [Fact]
    public async Task Events_are_logged_once_and_every_delivery_attempt_is_stored_once()
    {
        await using var bus = await database.StartBusAsync();
        var eventId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var cycleId = Guid.NewGuid();
        var signed = new NostrEventSigned
        {
            EventId = eventId,
            Kind = 30166,
            RelayUrl = Url("described"),
            CycleId = cycleId,
            CreatedAt = 1_780_000_000,
            EventJson = $"{{\"id\":\"{eventId}\",\"kind\":30166,\"content\":\"\"}}",
            PublishRelays = [Url("pub1"), Url("pub2")],
        };
        await bus.Bus.Publish(signed);
        await bus.Bus.Publish(signed);
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<NostrEventSigned>() == 2), "2 NostrEventSigned consumed");

        async Task DeliverAsync(string relay, DeliveryOutcome outcome, int attempt, DateTimeOffset at, string? message, DateTimeOffset? retryAt, int consumed)
        {
            await bus.Bus.Publish(new EventDelivered { EventId = eventId, PublishRelay = relay, Outcome = outcome, Attempt = attempt, At = at, Message = message, RetryAt = retryAt });
            await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<EventDelivered>() == consumed), $"{consumed} EventDelivered consumed");
        }

        await DeliverAsync(Url("pub1"), DeliveryOutcome.RefusedTemporarily, 1, Checks.T0, "rate-limited: slow down", Checks.T0.AddSeconds(1), 1);
        await DeliverAsync(Url("pub1"), DeliveryOutcome.Failed, 2, Checks.T0.AddSeconds(1), "connection refused", Checks.T0.AddSeconds(3), 2);
        await DeliverAsync(Url("pub1"), DeliveryOutcome.Accepted, 3, Checks.T0.AddSeconds(3), null, null, 3);
        await DeliverAsync(Url("pub1"), DeliveryOutcome.RefusedTemporarily, 1, Checks.T0, "rate-limited: slow down", Checks.T0.AddSeconds(1), 4); // redelivered
        await DeliverAsync(Url("pub2"), DeliveryOutcome.Refused, 1, Checks.T0.AddSeconds(1), "blocked: not allowed", null, 5);
        // After a publisher crash the delivery starts counting again: the newer first attempt replaces the older.
        await DeliverAsync(Url("pub3"), DeliveryOutcome.Failed, 1, Checks.T0, "connection refused", Checks.T0.AddSeconds(1), 6);
        await DeliverAsync(Url("pub3"), DeliveryOutcome.Accepted, 1, Checks.T0.AddMinutes(2), null, null, 7);

        // The same in one burst, so in one batch whatever the order: the newer answer wins, the redelivery changes nothing.
        var crashedAttempt = new EventDelivered { EventId = eventId, PublishRelay = Url("pub4"), Outcome = DeliveryOutcome.Failed, Attempt = 1, At = Checks.T0, Message = "connection refused", RetryAt = Checks.T0.AddSeconds(1) };
        var newerAttempt = crashedAttempt with { Outcome = DeliveryOutcome.Accepted, At = Checks.T0.AddMinutes(3), Message = null, RetryAt = null };
        await Task.WhenAll(bus.Bus.Publish(newerAttempt), bus.Bus.Publish(crashedAttempt), bus.Bus.Publish(newerAttempt));
        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<EventDelivered>() == 10), "10 EventDelivered consumed");

        await using var db = await database.OpenAsync();
        var logged = await db.PublishedEvents.AsNoTracking().SingleAsync(e => e.EventId == eventId);
        Assert.Equal(30166, logged.Kind);
        Assert.Equal(Url("described"), logged.RelayUrl);
        Assert.Equal(cycleId, logged.CycleId);
        Assert.Equal(1_780_000_000, logged.CreatedAt);
        Assert.Equal(signed.EventJson, logged.EventJson);
        Assert.True(DateTimeOffset.UtcNow - logged.SignedAt < TimeSpan.FromMinutes(5));

        var deliveries = await db.EventDeliveries.AsNoTracking().Where(d => d.EventId == eventId).OrderBy(d => d.PublishRelay).ThenBy(d => d.Attempt).ToListAsync();
        Assert.Equal(
            [(Url("pub1"), 1, "refused-temporarily", "rate-limited: slow down"), (Url("pub1"), 2, "failed", "connection refused"), (Url("pub1"), 3, "accepted", null),
                (Url("pub2"), 1, "refused", "blocked: not allowed"), (Url("pub3"), 1, "accepted", null), (Url("pub4"), 1, "accepted", null)],
            deliveries.Select(d => (d.PublishRelay, d.Attempt, d.Outcome, d.Message)));
        Checks.SameInstant(Checks.T0.AddSeconds(1), deliveries[0].RetryAt);
        Checks.SameInstant(Checks.T0.AddSeconds(3), deliveries[1].RetryAt);
        Checks.SameInstant(Checks.T0.AddSeconds(3), deliveries[2].At);
        Assert.Null(deliveries[2].RetryAt);
        Assert.Null(deliveries[3].RetryAt);
        Checks.SameInstant(Checks.T0.AddMinutes(2), deliveries[4].At);
        Assert.Null(deliveries[4].RetryAt);
        Checks.SameInstant(Checks.T0.AddMinutes(3), deliveries[5].At);
        Assert.Null(deliveries[5].RetryAt);
        Assert.Equal(0, bus.Counter.Faulted<EventDelivered>());
    }
}

public sealed class SqliteConsumerTests(SqliteDatabase database) : ConsumerTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresConsumerTests(PostgresDatabase fixture) : ConsumerTests<PostgresDatabase>(fixture), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Results_wait_for_a_database_that_is_down()
    {
        await using var bus = await Database.StartBusAsync();
        var cycle = Guid.NewGuid();
        var tag = Guid.NewGuid().ToString("N")[..12];
        await Database.SetReachableAsync(false);
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await bus.Bus.Publish(Checks.Result(cycle, i, $"wss://down{i}.{tag}.example/", RelayStatus.Online, Checks.T0));
            }

            // Several attempts fail meanwhile (the retry starts at about 1 s and doubles up to 30 s).
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(0, bus.Counter.Consumed<RelayChecked>());
        }
        finally
        {
            await Database.SetReachableAsync(true);
        }

        await Eventually.TrueAsync(() => Task.FromResult(bus.Counter.Consumed<RelayChecked>() == 10), "10 results consumed after the outage");
        await using var db = await Database.OpenAsync();
        Assert.Equal(10, await db.CheckResults.CountAsync(c => c.CycleId == cycle));
        Assert.Equal(10, await db.Relays.CountAsync(r => r.Url.Contains(tag)));
    }
}
