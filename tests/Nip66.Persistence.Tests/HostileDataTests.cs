using System.Collections.Concurrent;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Checker;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.Tests;

/// <summary>
/// One relay's bad data never costs another relay its result, on real PostgreSQL: hostile relays checked for real
/// and stored through the real consumers, results from an older checker that still hold NUL and lone surrogates, and
/// rows PostgreSQL refuses for another reason.
/// </summary>
public sealed class HostileDataTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Hostile_relays_checked_for_real_all_end_with_a_stored_result_beside_healthy_ones()
    {
        await using var relay = await HostileRelay.StartAsync();
        var errors = new ErrorQueues();
        var probes = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(5));
        await using var bus = await database.StartBusAsync(
            x =>
            {
                x.AddSingleton(NostrKeys.Generate());
                x.AddChecker(new CheckerOptions { AllowPrivateAddresses = true }, probes);
            },
            errors.Listen);
        string[] hostile = [.. HostileRelay.HostileReasons, .. HostileRelay.HostileNip11s];
        var urls = hostile.Concat(Enumerable.Range(0, 12).Select(i => $"healthy-{_tag}-{i}")).Select(relay.Url).ToList();
        var cycle = Guid.NewGuid();

        for (var i = 0; i < urls.Count; i++)
        {
            await bus.Bus.Publish(new CheckRelay { CycleId = cycle, Index = i, Url = urls[i] });
        }

        await Eventually.TrueAsync(async () => await CountAsync(cycle) == urls.Count, $"{urls.Count} stored results");
        Assert.Empty(errors.Messages);
        Assert.Equal(0, bus.Counter.Faulted<CheckRelay>());
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());

        await using var db = await database.OpenAsync();
        var rows = await db.CheckResults.AsNoTracking().Include(c => c.Relay).Where(c => c.CycleId == cycle)
            .ToDictionaryAsync(c => c.Relay!.Url, StringComparer.Ordinal);
        Assert.All(rows.Values, row => Assert.Equal("online", row.Status));
        Assert.Equal("blocked: a\uFFFDb", rows[relay.Url("nul-reason")].FailureMessage);
        Assert.Equal("blocked: \uFFFD alone", rows[relay.Url("surrogate-reason")].FailureMessage);
        Assert.Equal(HostileRelay.EmojiCutPrefix + new string('x', 290), rows[relay.Url("emoji-cut-reason")].FailureMessage);
        Assert.Contains("blocked: a\uFFFDb", rows[relay.Url("nul-reason")].ChecksJson, StringComparison.Ordinal);

        var relays = await db.Relays.AsNoTracking().Where(r => urls.Contains(r.Url)).ToDictionaryAsync(r => r.Url, StringComparer.Ordinal);
        Assert.Equal("a\uFFFDb", Stored(relays[relay.Url("nul-nip11")].Nip11Json).Name);
        Assert.Equal("\uFFFD", Stored(relays[relay.Url("surrogate-nip11")].Nip11Json).Name);
        Assert.Equal([11], Stored(relays[relay.Url("typed-nip11")].Nip11Json).SupportedNips);
        Assert.True(relays[relay.Url("big-nip11")].Nip11Json!.Length > HostileRelay.BigNip11DescriptionLength);
        Assert.All(relays.Values, r => Assert.True(SafeText.IsClean(r.Nip11Json!), r.Url));
    }

    [Fact]
    public async Task Results_of_an_older_checker_with_nul_and_lone_surrogates_are_stored_made_safe_with_their_batch()
    {
        var errors = new ErrorQueues();
        await using var bus = await database.StartBusAsync(configureBus: errors.Listen);
        var cycle = Guid.NewGuid();
        var hostile = Checks.Result(cycle, 0, Url("older"), RelayStatus.Degraded, Checks.T0, FailureClass.Restricted, CheckType.Write);
        hostile = hostile with
        {
            Result = hostile.Result with
            {
                // Not made by Nip11Document.Parse (which would have made it safe): the typed document as any other
                // writer of the message could fill it.
                Nip11 = new Nip11Document { Name = "a\0b", Json = "{\"name\":\"a\0b\",\"description\":\"\ud800\",\"k\0\":\"raw nul \0 and \ud800\"}" },
                Failure = new CheckFailure(CheckType.Write, FailureClass.Restricted, "blocked: a\0b \ud800"),
                Checks = [.. hostile.Result.Checks, new CheckOutcome(CheckType.Write, false, null, FailureClass.Restricted, "blocked: a\0b \ud800")],
            },
        };
        var batch = Enumerable.Range(1, 20).Select(i => Checks.Result(cycle, i, Url($"fine{i}"), RelayStatus.Online, Checks.T0)).Prepend(hostile).ToList();

        await bus.Bus.PublishBatch(batch);

        await Eventually.TrueAsync(async () => await CountAsync(cycle) == 21, "21 stored results");
        await using var db = await database.OpenAsync();
        var row = await db.CheckResults.AsNoTracking().SingleAsync(c => c.CycleId == cycle && c.Relay!.Url == Url("older"));
        Assert.Equal("blocked: a\uFFFDb \uFFFD", row.FailureMessage);
        Assert.Contains("blocked: a\uFFFDb \uFFFD", row.ChecksJson, StringComparison.Ordinal);
        var stored = (await db.Relays.AsNoTracking().SingleAsync(r => r.Url == Url("older"))).Nip11Json!;
        Assert.Equal("{\"name\":\"a\uFFFDb\",\"description\":\"\uFFFD\",\"k\uFFFD\":\"raw nul \uFFFD and \uFFFD\"}", stored);
        Assert.Empty(errors.Messages);
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());
    }

    static Nip11Document Stored(string? json) => Nip11Document.Parse(Encoding.UTF8.GetBytes(json!));

    [Fact]
    public async Task A_result_row_postgres_refuses_goes_alone_to_the_error_queue_and_its_batch_is_stored()
    {
        await RefuseAsync("check_results", "failure_message IS DISTINCT FROM 'poison row'");
        var errors = new ErrorQueues();
        var log = new LogRecorder();
        var tallied = new ConcurrentBag<int>();
        await using var bus = await database.StartBusAsync(x =>
        {
            x.AddSingleton<ILoggerProvider>(log);
            x.AddHandler<CheckResultsTallied>(context =>
            {
                foreach (var index in context.Message.Offline)
                {
                    tallied.Add(index);
                }

                return Task.CompletedTask;
            });
        }, errors.Listen);
        var cycle = Guid.NewGuid();
        var batch = Enumerable.Range(0, 30).Select(i => Checks.Result(cycle, i, Url($"batch{i}"), RelayStatus.Offline, Checks.T0, FailureClass.Refused)).ToList();
        batch[17] = batch[17] with { Result = batch[17].Result with { Failure = new CheckFailure(CheckType.Open, FailureClass.Refused, "poison row") } };

        await bus.Bus.PublishBatch(batch);

        await Eventually.TrueAsync(() => errors.Messages.Count == 1, "the poison row in the error queue");
        await Eventually.TrueAsync(async () => await CountAsync(cycle) == 29, "29 stored results");
        // The poison row was isolated from a batch that held the others, not delivered alone.
        Assert.Contains(log.Lines, l => l.StartsWith("The database refused a row of a batch of 30 ", StringComparison.Ordinal));
        var poison = errors.Messages.Single();
        Assert.Equal(Url("batch17"), Assert.IsType<RelayChecked>(poison.Message).Result.Url);
        Assert.Contains("test_refuse_check_results", poison.Reason, StringComparison.Ordinal);
        Assert.Equal(0, bus.Counter.Faulted<RelayChecked>());

        // The poison row was checked all the same: its cycle counts it, or the cycle would wait for its deadline.
        await Eventually.TrueAsync(() => Task.FromResult(tallied.Count >= 30), "all 30 results tallied");
        Assert.Equal(Enumerable.Range(0, 30), tallied.Order());
        await using var db = await database.OpenAsync();
        Assert.False(await db.Relays.AnyAsync(r => r.Url == Url("batch17")));
    }

    [Fact]
    public async Task A_signed_event_postgres_refuses_goes_alone_to_the_error_queue_and_its_batch_is_stored()
    {
        await RefuseAsync("published_events", "event_json NOT LIKE '%poison%'");
        var errors = new ErrorQueues();
        await using var bus = await database.StartBusAsync(configureBus: errors.Listen);
        var events = Enumerable.Range(0, 12).Select(i => Signed(i == 5 ? "poison" : "fine")).ToList();

        await bus.Bus.PublishBatch(events);

        await Eventually.TrueAsync(() => errors.Messages.Count == 1, "the poison event in the error queue");
        var ids = events.Select(e => e.EventId).ToList();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await database.OpenAsync();
            return await db.PublishedEvents.CountAsync(e => ids.Contains(e.EventId)) == 11;
        }, "11 stored events");
        Assert.Equal(events[5].EventId, Assert.IsType<NostrEventSigned>(errors.Messages.Single().Message).EventId);
        Assert.Contains("test_refuse_published_events", errors.Messages.Single().Reason, StringComparison.Ordinal);
        Assert.Equal(0, bus.Counter.Faulted<NostrEventSigned>());
    }

    string Url(string name) => $"wss://{name}.{_tag}.example/";

    async Task<int> CountAsync(Guid cycle)
    {
        await using var db = await database.OpenAsync();
        return await db.CheckResults.CountAsync(c => c.CycleId == cycle);
    }

    /// <summary>A constraint of this test's own: PostgreSQL refuses the row for a reason no sanitizer removes.</summary>
    async Task RefuseAsync(string table, string condition)
    {
        await using var db = await database.OpenAsync();
#pragma warning disable EF1002 // Table and condition are this class's constants.
        await db.Database.ExecuteSqlRawAsync(
            $"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS test_refuse_{table}; ALTER TABLE {table} ADD CONSTRAINT test_refuse_{table} CHECK ({condition})");
#pragma warning restore EF1002
    }

    static NostrEventSigned Signed(string content)
    {
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        return new NostrEventSigned
        {
            EventId = id,
            Kind = 30166,
            CreatedAt = 1_780_000_000,
            EventJson = $"{{\"id\":\"{id}\",\"kind\":30166,\"content\":\"{content}\"}}",
            PublishRelays = ["wss://publish.example/"],
        };
    }
}
