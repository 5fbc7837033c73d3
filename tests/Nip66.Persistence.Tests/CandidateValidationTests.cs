using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Persistence.ReadSide;

namespace Nip66.Persistence.Tests;

/// <summary>What a candidate's check result does, through the real consumer on a real bus: promote, try again, retire.</summary>
public abstract class CandidateValidationTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    static readonly string EventId = new('e', 64);
    static readonly string Author = new('a', 64);

    readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    string Url(string name) => $"wss://{name}.{_tag}.example/";

    RelaySchedule Schedule => database.Services.GetRequiredService<RelaySchedule>();

    async Task AddCandidateAsync(string url, int authors = 1, DateTimeOffset? firstSeen = null, CandidateState state = CandidateState.Pending, DateTimeOffset? nextTryAt = null)
    {
        await using var db = await database.OpenAsync();
        db.RelayCandidates.Add(new RelayCandidate
        {
            Url = url,
            Host = new Uri(url).Host,
            State = state,
            FirstSourceKind = 10002,
            FirstEventId = EventId,
            FirstAuthor = Author,
            FirstSeenAt = firstSeen ?? Checks.T0,
            LastSeenAt = firstSeen ?? Checks.T0,
            Authors = authors,
            NextTryAt = nextTryAt,
        });
        await db.SaveChangesAsync();
    }

    async Task<RelayCandidate> CandidateAsync(string url)
    {
        await using var db = await database.OpenAsync();
        return await db.RelayCandidates.AsNoTracking().SingleAsync(c => c.Url == url);
    }

    static RelayChecked CandidateResult(Guid cycle, string url, RelayStatus status, DateTimeOffset finishedAt) =>
        Checks.Result(cycle, 0, url, status, finishedAt, status == RelayStatus.Offline ? FailureClass.Refused : null) with { Candidate = true };

    [Fact]
    public async Task A_candidate_that_speaks_Nostr_becomes_a_guarded_discovered_relay_checked_once_and_not_published()
    {
        var url = Url("live");
        await AddCandidateAsync(url, authors: 2);
        var cycle = Guid.NewGuid();
        var result = CandidateResult(cycle, url, RelayStatus.Online, Checks.T0);
        Assert.True(result.Result.SpokeNostr);

        await using var bus = await database.StartBusAsync();
        foreach (var message in new[] { result, result, result })
        {
            await bus.Bus.Publish(message);
        }

        await Eventually.TrueAsync(() => bus.Counter.Consumed<RelayChecked>() == 3, "the result and its two redeliveries consumed");

        await using var db = await database.OpenAsync();
        var relay = await db.Relays.AsNoTracking().SingleAsync(r => r.Url == url);
        Assert.Equal((RelayOrigin.Discovered, false, true, "online"), (relay.Origin, relay.AllowPrivateAddresses, relay.Enabled, relay.LastStatus));
        Assert.Equal($"discovered in a kind 10002 event {EventId} by {Author}", relay.Notes);
        Assert.Null(relay.NextCheckAt);
        var stored = await db.CheckResults.AsNoTracking().Where(c => c.RelayId == relay.Id).ToListAsync();
        Assert.Equal((cycle, false), (Assert.Single(stored).CycleId, stored[0].Publishable));

        var candidate = await CandidateAsync(url);
        Assert.Equal((CandidateState.Promoted, 1, cycle, null), (candidate.State, candidate.Tries, candidate.LastCycleId, candidate.Reason));
        Assert.NotNull(candidate.PromotedAt);

        // Due at the next cycle as a discovered relay, no longer as a candidate.
        var due = Assert.Single(await Schedule.GetDueAsync(Checks.T0.AddMinutes(15)), r => r.Url == url);
        Assert.Equal((CheckPriority.Discovered, false, false), (due.QueuePriority, due.AllowPrivateAddresses, due.Candidate));
        Assert.DoesNotContain(await Schedule.GetDueCandidatesAsync(Checks.T0.AddMinutes(15), 1000), r => r.Url == url);

        // The cycle counts it as checked and waits for no 30166.
        var progress = await database.Services.GetRequiredService<CycleQueries>().ProgressAsync(cycle, 1, 1);
        Assert.Equal((1, 0, 0), (progress.Checked, progress.ChecksUnsigned, progress.Missing));
    }

    [Fact]
    public async Task A_dead_candidate_is_tried_on_a_doubling_back_off_once_per_cycle_and_retired_at_the_last_try()
    {
        var url = Url("dead");
        await AddCandidateAsync(url);
        var maxTries = new DiscoveryOptions().MaxTries;
        await using var bus = await database.StartBusAsync();
        for (var tries = 1; tries <= maxTries; tries++)
        {
            var cycle = Guid.NewGuid();
            var result = CandidateResult(cycle, url, RelayStatus.Offline, Checks.T0.AddDays(tries));
            Assert.False(result.Result.SpokeNostr);
            await bus.Bus.Publish(result);
            await bus.Bus.Publish(result);
            var consumed = tries * 2;
            await Eventually.TrueAsync(() => bus.Counter.Consumed<RelayChecked>() == consumed, $"{consumed} results consumed");

            var candidate = await CandidateAsync(url);
            Assert.Equal((tries, cycle), (candidate.Tries, candidate.LastCycleId));

            // No relay row, yet the cycle counts the check as stored.
            var progress = await database.Services.GetRequiredService<CycleQueries>().ProgressAsync(cycle, 1, 1);
            Assert.Equal((1, 0), (progress.Checked, progress.Missing));
            Checks.SameInstant(result.Result.FinishedAt, candidate.LastTriedAt);
            if (tries < maxTries)
            {
                Assert.Equal(CandidateState.Pending, candidate.State);
                Assert.Equal(BackoffLadder.CandidateDelay(tries), candidate.NextTryAt - candidate.LastTriedAt);
            }
            else
            {
                Assert.Equal((CandidateState.Retired, CandidateReasons.NeverSpokeNostr, null), (candidate.State, candidate.Reason, candidate.NextTryAt));
                Assert.NotNull(candidate.RetiredAt);
            }
        }

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(24)],
            new[] { 1, 2, 3, 9 }.Select(BackoffLadder.CandidateDelay));

        await using var db = await database.OpenAsync();
        Assert.False(await db.Relays.AnyAsync(r => r.Url == url));

        // A late result for a retired candidate changes nothing.
        await bus.Bus.Publish(CandidateResult(Guid.NewGuid(), url, RelayStatus.Online, Checks.T0.AddDays(30)));
        await Eventually.TrueAsync(() => bus.Counter.Consumed<RelayChecked>() == (maxTries * 2) + 1, "the late result consumed");
        Assert.Equal((CandidateState.Retired, maxTries), ((await CandidateAsync(url)).State, (await CandidateAsync(url)).Tries));
        Assert.False(await db.Relays.AnyAsync(r => r.Url == url));
    }

    [Fact]
    public async Task Due_candidates_come_most_mentioned_first_then_oldest_guarded_and_never_twice()
    {
        var now = Checks.T0.AddDays(1);
        await AddCandidateAsync(Url("one-author"), authors: 1);
        await AddCandidateAsync(Url("five-authors"), authors: 5, firstSeen: Checks.T0.AddHours(1));
        await AddCandidateAsync(Url("three-newer"), authors: 3, firstSeen: Checks.T0);
        await AddCandidateAsync(Url("three-older"), authors: 3, firstSeen: Checks.T0.AddHours(-1));
        await AddCandidateAsync(Url("backed-off-over"), authors: 9, nextTryAt: now.AddMinutes(-1));
        await AddCandidateAsync(Url("backed-off"), authors: 9, nextTryAt: now.AddMinutes(1));
        await AddCandidateAsync(Url("refused"), authors: 9, state: CandidateState.Refused);
        await AddCandidateAsync(Url("monitored"), authors: 9);
        await database.Services.GetRequiredService<IRelayRegistry>().AddAsync([Url("monitored")], allowPrivateAddresses: true);

        var due = (await Schedule.GetDueCandidatesAsync(now, 1000)).Where(r => r.Url.Contains(_tag, StringComparison.Ordinal)).ToList();

        Assert.Equal(new[] { "backed-off-over", "five-authors", "three-older", "three-newer", "one-author" }.Select(Url), due.Select(r => r.Url));
        Assert.All(due, r => Assert.Equal((true, false, RelayOrigin.Discovered, CheckPriority.Candidate), (r.Candidate, r.AllowPrivateAddresses, r.Origin, r.QueuePriority)));
        Assert.Equal(new[] { "backed-off-over", "five-authors" }.Select(Url), (await Schedule.GetDueCandidatesAsync(now, 2)).Select(r => r.Url));
        Assert.Empty(await Schedule.GetDueCandidatesAsync(now, 0));
    }
}

public sealed class SqliteCandidateValidationTests(SqliteDatabase database) : CandidateValidationTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresCandidateValidationTests(PostgresDatabase database) : CandidateValidationTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
