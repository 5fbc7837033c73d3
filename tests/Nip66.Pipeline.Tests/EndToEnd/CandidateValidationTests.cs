using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>
/// Candidates through the whole embedded pipeline, against real relays: an operator relay, a live candidate (a real
/// npm relay) and a dead one (a closed port). Cycle 1 checks the candidates after the operator relay and publishes no
/// 30166 for them; the live one is promoted, the dead one tried again later. Cycle 2 checks and publishes the promoted
/// relay. The candidate rows are written directly, as the discovery ledger would.
/// </summary>
public sealed class CandidateValidationTests(PipelineRelays relays) : IClassFixture<PipelineRelays>, IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-candidates-").FullName;

    [Fact]
    public async Task Candidates_are_checked_after_the_operator_relay_promoted_when_live_and_published_from_the_next_cycle()
    {
        var keys = NostrKeys.Generate();

        // Candidates are always checked with the guard on; the npm relays listen on loopback, so the checker trusts it.
        var configuration = PipelineScenario.Configuration(dataDirectory, keys, relays.PublishRelay,
            new Dictionary<string, string?> { ["Checker:AllowPrivateAddresses"] = "true" });
        var settings = MonitorSettings.Load(configuration);
        var operatorRelay = RelayUrl.Parse(relays.Host["readonly"].Url).Value;
        var live = RelayUrl.Parse(relays.Host["healthy"].Url).Value;
        var dead = RelayUrl.Parse(relays.ClosedPort).Value;

        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([operatorRelay], allowPrivateAddresses: true);
        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.RelayCandidates.AddRange(PendingCandidates.Of(live, authors: 2), PendingCandidates.Of(dead, authors: 1));
            await db.SaveChangesAsync();
        }

        await host.StartAsync();
        try
        {
            var first = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Equal((3, 3, false), (first.Expected, first.Checked, first.TimedOut));
            Assert.Empty(first.MissedIndexes);
            var queries = host.Services.GetRequiredService<CycleQueries>();
            Assert.True((await queries.ProgressAsync(first.CycleId, first.Expected, 1)).IsSettled(first.Checked), "cycle 1 is settled: no 30166 is owed for a candidate");
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var cycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == first.CycleId);
                Assert.Equal([operatorRelay, live, dead], JsonSerializer.Deserialize<string[]>(cycle.RelayUrlsJson) ?? []);
                Assert.Equal((3, 3), (cycle.Expected, cycle.Checked));
                Assert.Null(cycle.MissedJson);

                var promoted = await db.Relays.AsNoTracking().SingleAsync(r => r.Url == live);
                Assert.Equal((RelayOrigin.Discovered, false, "online"), (promoted.Origin, promoted.AllowPrivateAddresses, promoted.LastStatus));
                var candidates = await db.RelayCandidates.AsNoTracking().ToDictionaryAsync(c => c.Url);
                Assert.Equal((CandidateState.Promoted, 1), (candidates[live].State, candidates[live].Tries));
                Assert.Equal((CandidateState.Pending, 1), (candidates[dead].State, candidates[dead].Tries));
                Assert.NotNull(candidates[dead].NextTryAt);
                Assert.False(await db.Relays.AnyAsync(r => r.Url == dead));
                Assert.False(await db.CheckResults.AnyAsync(r => r.CycleId == first.CycleId && r.Publishable && r.Relay!.Url == live));
            }

            Assert.Equal([operatorRelay], await PublishedAsync(keys));

            var second = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));

            // The dead candidate waits out its back-off; the promoted relay is a monitored relay now.
            Assert.Equal((2, 2, false), (second.Expected, second.Checked, second.TimedOut));
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var cycle = await db.Cycles.AsNoTracking().SingleAsync(c => c.Id == second.CycleId);
                Assert.Equal([operatorRelay, live], JsonSerializer.Deserialize<string[]>(cycle.RelayUrlsJson) ?? []);
                Assert.True(await db.CheckResults.AnyAsync(r => r.CycleId == second.CycleId && r.Publishable && r.Relay!.Url == live));
            }

            await Eventually.TrueAsync(async () => (await PublishedAsync(keys)).Contains(live), "the promoted relay's 30166 on the publish relay");
            Assert.Equal(new[] { operatorRelay, live }.Order(), (await PublishedAsync(keys)).Order());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private async Task<string[]> PublishedAsync(NostrKeys keys) =>
        [.. (await NostrTools.QueryAsync(relays.PublishRelay, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}"))
            .Select(e => e.Event.TagValue("d")!).Distinct()];
}
