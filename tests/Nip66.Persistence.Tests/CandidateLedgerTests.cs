using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence.Candidates;

namespace Nip66.Persistence.Tests;

public abstract class CandidateLedgerTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    const int Contacts = 3;
    const int Outbox = 10002;

    // Each test its own domain: the per-host limit counts across the class's database.
    readonly string _domain = $"t{Guid.NewGuid():N}"[..13] + ".com";
    readonly DateTimeOffset _start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    IDbContextFactory<MonitorDbContext> Databases => database.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();

    CandidateLedger Ledger(RelayOptOut? optOut = null, int perHostLimit = 3) => new(Databases, new CandidateScreen(optOut ?? RelayOptOut.None, TrustedRanges.None), perHostLimit);

    static string Hex(char c) => new(c, 64);

    UrlMention Mention(string url, char author = 'a', int kind = Outbox, char eventId = '1', int minutes = 0) =>
        new(url, kind, Hex(eventId), Hex(author), _start.AddMinutes(minutes));

    async Task<List<RelayCandidate>> CandidatesAsync(Func<string, bool> mine)
    {
        await using var db = await Databases.CreateDbContextAsync();
        return [.. (await db.RelayCandidates.AsNoTracking().OrderBy(c => c.Id).ToListAsync()).Where(c => mine(c.Url))];
    }

    async Task AddRelaysAsync(RelayOrigin origin, params string[] urls)
    {
        await using var db = await Databases.CreateDbContextAsync();
        db.Relays.AddRange(urls.Select(url => new Relay { Url = url, Origin = origin, AllowPrivateAddresses = origin == RelayOrigin.Operator, AddedAt = _start }));
        await db.SaveChangesAsync();
    }

    Task<List<RelayCandidate>> MineAsync() => CandidatesAsync(url => url.Contains(_domain, StringComparison.Ordinal));

    async Task<List<CandidateMention>> MentionsAsync(long candidateId)
    {
        await using var db = await Databases.CreateDbContextAsync();
        return await db.CandidateMentions.AsNoTracking().Where(m => m.CandidateId == candidateId).OrderBy(m => m.Author).ToListAsync();
    }

    [Fact]
    public async Task Spellings_of_one_URL_are_one_candidate_with_its_first_mention_and_distinct_authors()
    {
        var url = $"wss://relay.{_domain}/";
        var outcome = await Ledger().RecordAsync(
        [
            Mention($"wss://Relay.{_domain.ToUpperInvariant()}", author: 'a', kind: Contacts, eventId: '1', minutes: 0),
            Mention($"WSS://relay.{_domain}:443/", author: 'b', eventId: '2', minutes: 1),
            Mention($"  wss://relay.{_domain}//  ", author: 'a', eventId: '3', minutes: 2),
            Mention(url, author: 'c', kind: 30002, eventId: '4', minutes: 3),
        ]);

        Assert.Equal(4, outcome.Mentions);
        Assert.Equal(1, outcome.NewCandidates);
        Assert.Empty(outcome.Refused);
        var candidate = Assert.Single(await MineAsync());
        Assert.Equal(url, candidate.Url);
        Assert.Equal(_domain, candidate.Host);
        Assert.Equal(CandidateState.Pending, candidate.State);
        Assert.Null(candidate.Reason);
        Assert.Equal(Contacts, candidate.FirstSourceKind);
        Assert.Equal(Hex('1'), candidate.FirstEventId);
        Assert.Equal(Hex('a'), candidate.FirstAuthor);
        Assert.Equal(_start, candidate.FirstSeenAt);
        Assert.Equal(_start.AddMinutes(3), candidate.LastSeenAt);
        Assert.Equal(3, candidate.Authors);
        Assert.Equal(0, candidate.Tries);

        var mentions = await MentionsAsync(candidate.Id);
        Assert.Equal([Hex('a'), Hex('b'), Hex('c')], mentions.Select(m => m.Author));
        Assert.Equal([Hex('1'), Hex('2'), Hex('4')], mentions.Select(m => m.EventId));
        Assert.Equal([Contacts, Outbox, 30002], mentions.Select(m => m.Kind));

        // A later batch: a new author counts, a known one does not; last seen moves on, the provenance stays.
        var later = await Ledger().RecordAsync([Mention(url, author: 'd', eventId: '5', minutes: 10), Mention(url, author: 'b', eventId: '6', minutes: 11)]);
        Assert.Equal(0, later.NewCandidates);
        Assert.Equal(2, later.Repeats);
        candidate = Assert.Single(await MineAsync());
        Assert.Equal(4, candidate.Authors);
        Assert.Equal(_start.AddMinutes(11), candidate.LastSeenAt);
        Assert.Equal(Hex('1'), candidate.FirstEventId);
        Assert.Equal(Hex('2'), (await MentionsAsync(candidate.Id)).Single(m => m.Author == Hex('b')).EventId);
    }

    [Fact]
    public async Task Each_refusal_is_recorded_once_with_its_reason()
    {
        var optOut = new RelayOptOut([$"optout.{_domain}"], []);
        var tooLong = $"wss://relay.{_domain}/" + new string('p', CandidateScreen.MaxUrlLength);
        // The texts that are no URL carry the domain so that the test finds its own rows.
        var javascript = $"javascript:alert('{_domain}')";
        var https = $"https://relay.{_domain}/";
        var mentions = new[]
        {
            javascript,
            https,
            $"wss://user:secret@relay.{_domain}/",
            tooLong,
            $"wss://optout.{_domain}/",
            $"wss://deep.optout.{_domain}/path",
            "ws://127.0.0.1:7777/",
            "ws://10.1.2.3/",
            "ws://[::1]:8080/",
            "ws://169.254.169.254/",
            "ws://localhost:8080/",
            "ws://postgres/",
            $"wss://relay.{_domain[..^4]}.local/",
            $"wss://relay.{_domain[..^4]}.internal/",
            $"wss://ok.{_domain}/",
        };

        var outcome = await Ledger(optOut).RecordAsync([.. mentions.Select(url => Mention(url)), .. mentions.Select(url => Mention(url, author: 'b', eventId: '2'))]);

        Assert.Equal(30, outcome.Mentions);
        Assert.Equal(1, outcome.NewCandidates);
        Assert.Equal(
            new Dictionary<string, int>
            {
                [CandidateReasons.NotRelayUrl] = 3,
                [CandidateReasons.TooLong] = 1,
                [CandidateReasons.OptedOut] = 2,
                [CandidateReasons.PrivateAddress] = 4,
                [CandidateReasons.InternalHost] = 4,
            },
            outcome.Refused.ToDictionary());

        var relaysOfThisTest = mentions.ToHashSet();
        var rows = await CandidatesAsync(url => url.Contains(_domain[..^4], StringComparison.Ordinal) || relaysOfThisTest.Contains(url));
        Assert.Equal(CandidateReasons.NotRelayUrl, rows.Single(r => r.Url == javascript).Reason);
        Assert.Equal(string.Empty, rows.Single(r => r.Url == javascript).Host);
        Assert.Equal(CandidateReasons.NotRelayUrl, rows.Single(r => r.Url == https).Reason);
        var cut = rows.Single(r => r.Reason == CandidateReasons.TooLong);
        Assert.Equal(CandidateScreen.MaxUrlLength, cut.Url.Length);
        Assert.EndsWith("\u2026", cut.Url, StringComparison.Ordinal);
        Assert.Equal(CandidateReasons.PrivateAddress, rows.Single(r => r.Url == "ws://[::1]:8080/").Reason);
        Assert.Equal(CandidateReasons.InternalHost, rows.Single(r => r.Url == "ws://postgres/").Reason);
        Assert.All(rows.Where(r => r.Reason is not null), r => Assert.Equal(CandidateState.Refused, r.State));
        Assert.All(rows, r => Assert.Equal(2, r.Authors));
        Assert.Equal(CandidateState.Pending, rows.Single(r => r.Url == $"wss://ok.{_domain}/").State);

        // Seen again: nothing is counted again.
        var again = await Ledger(optOut).RecordAsync([.. mentions.Select(url => Mention(url, author: 'c', eventId: '3'))]);
        Assert.Equal(0, again.NewCandidates);
        Assert.Empty(again.Refused);
        Assert.Equal(15, again.Repeats);
        Assert.All(await CandidatesAsync(url => relaysOfThisTest.Contains(url)), r => Assert.Equal(3, r.Authors));
    }

    [Fact]
    public async Task A_farm_of_subdomains_is_one_host_held_to_the_limit_and_operator_relays_do_not_count()
    {
        await AddRelaysAsync(RelayOrigin.Operator, $"wss://mine1.{_domain}/", $"wss://mine2.{_domain}/");
        var farm = Enumerable.Range(0, 50).Select(i => Mention($"wss://r{i}.spam.{_domain}/", eventId: (char)('a' + (i % 6)))).ToList();

        var outcome = await Ledger().RecordAsync(farm);

        Assert.Equal(3, outcome.NewCandidates);
        Assert.Equal(new Dictionary<string, int> { [CandidateReasons.HostLimit] = 47 }, outcome.Refused.ToDictionary());
        var rows = await MineAsync();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.Equal(_domain, r.Host));
        Assert.Equal([$"wss://r0.spam.{_domain}/", $"wss://r1.spam.{_domain}/", $"wss://r2.spam.{_domain}/"],
            rows.Where(r => r.State == CandidateState.Pending).Select(r => r.Url));

        // Paths of the host count too, in a later batch; a retired candidate frees its place.
        var paths = await Ledger().RecordAsync([Mention($"wss://{_domain}/a"), Mention($"wss://{_domain}/b")]);
        Assert.Equal(new Dictionary<string, int> { [CandidateReasons.HostLimit] = 2 }, paths.Refused.ToDictionary());
        await using (var db = await Databases.CreateDbContextAsync())
        {
            var first = await db.RelayCandidates.SingleAsync(c => c.Url == $"wss://r0.spam.{_domain}/");
            first.State = CandidateState.Retired;
            await db.SaveChangesAsync();
        }

        var freed = await Ledger().RecordAsync([Mention($"wss://{_domain}/c"), Mention($"wss://{_domain}/d")]);
        Assert.Equal(1, freed.NewCandidates);
        Assert.Equal(new Dictionary<string, int> { [CandidateReasons.HostLimit] = 1 }, freed.Refused.ToDictionary());
        Assert.Equal(CandidateState.Pending, (await MineAsync()).Single(r => r.Url == $"wss://{_domain}/c").State);
    }

    [Fact]
    public async Task A_monitored_relay_gets_no_candidate_and_a_promoted_one_keeps_its_provenance()
    {
        await AddRelaysAsync(RelayOrigin.Operator, $"wss://mine.{_domain}/", $"wss://disabled.{_domain}/");
        await database.Services.GetRequiredService<IRelayRegistry>().DisableAsync($"wss://disabled.{_domain}/");
        await Ledger().RecordAsync([Mention($"wss://found.{_domain}/")]);
        await using (var db = await Databases.CreateDbContextAsync())
        {
            var promoted = await db.RelayCandidates.SingleAsync(c => c.Url == $"wss://found.{_domain}/");
            promoted.State = CandidateState.Promoted;
            await db.SaveChangesAsync();
        }

        await AddRelaysAsync(RelayOrigin.Discovered, $"wss://found.{_domain}/");

        var outcome = await Ledger().RecordAsync(
        [
            Mention($"wss://mine.{_domain}", author: 'b'),
            Mention($"wss://disabled.{_domain}", author: 'b'),
            Mention($"wss://found.{_domain}", author: 'b', minutes: 5),
        ]);

        Assert.Equal(2, outcome.MonitoredRelays);
        Assert.Equal(1, outcome.Repeats);
        Assert.Equal(0, outcome.NewCandidates);
        var found = Assert.Single(await MineAsync());
        Assert.Equal(CandidateState.Promoted, found.State);
        Assert.Equal(2, found.Authors);
        Assert.Equal(_start.AddMinutes(5), found.LastSeenAt);
    }

    [Fact]
    public async Task A_re_read_changes_nothing_and_a_batch_larger_than_a_transaction_is_recorded_whole()
    {
        var count = CandidateLedger.MentionsPerTransaction + 5_000;
        // Every URL on its own host, mentioned twice: the second mention of the first URLs lies in the second transaction.
        var batch = Enumerable.Range(0, count)
            .Select(i => Mention($"wss://relay.{_domain[..^4]}x{i % (count / 2)}.com/", author: i < count / 2 ? 'a' : 'b'))
            .ToList();

        var first = await Ledger().RecordAsync(batch);
        var second = await Ledger().RecordAsync(batch);

        Assert.Equal(count / 2, first.NewCandidates);
        // Repeats are mentions of URLs recorded by an earlier transaction: here those of the second one.
        Assert.Equal(count - CandidateLedger.MentionsPerTransaction, first.Repeats);
        Assert.Equal(0, second.NewCandidates);
        Assert.Empty(second.Refused);
        Assert.Equal(count, second.Repeats);
        var rows = await CandidatesAsync(url => url.Contains(_domain[..^4], StringComparison.Ordinal));
        Assert.Equal(count / 2, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.Authors));
        Assert.All(rows, r => Assert.Equal(CandidateState.Pending, r.State));
        await using var db = await Databases.CreateDbContextAsync();
        var ids = rows.Select(r => r.Id).ToList();
        Assert.Equal(count, await db.CandidateMentions.CountAsync(m => ids.Contains(m.CandidateId)));
    }

    [Fact]
    public async Task Cursors_are_stored_per_source_and_relay()
    {
        var store = database.Services.GetRequiredService<DiscoveryCursorStore>();
        var relay = $"wss://discovery.{_domain}/";

        Assert.Null(await store.LoadAsync("nip65", relay));
        await store.SaveAsync("nip65", relay, 200, 100, backfillDone: false);
        await store.SaveAsync("contacts", relay, 50, 10, backfillDone: true);
        await store.SaveAsync("nip65", relay, 300, 90, backfillDone: true);

        var nip65 = await store.LoadAsync("nip65", relay);
        Assert.NotNull(nip65);
        Assert.Equal((300L, 90L, true), (nip65.NewestSeen!.Value, nip65.OldestSeen!.Value, nip65.BackfillDone));
        var contacts = await store.LoadAsync("contacts", relay);
        Assert.Equal((50L, 10L, true), (contacts!.NewestSeen!.Value, contacts.OldestSeen!.Value, contacts.BackfillDone));
        Assert.Null(await store.LoadAsync("nip65", $"wss://other.{_domain}/"));
    }
}

public sealed class SqliteCandidateLedgerTests(SqliteDatabase database) : CandidateLedgerTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresCandidateLedgerTests(PostgresDatabase database) : CandidateLedgerTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
