using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Discovery;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>
/// From the network's relay lists to a published 30166, against real npm relays: the publish relay (also the
/// discovery relay, by default) is seeded with nostr-tools with a 10002, a kind 3 and a 30002 naming three live relays
/// (one in two spellings), a closed port, an untrusted loopback address, <c>localhost</c> and a <c>javascript:</c> URL.
/// A discovery round refuses the last three and makes the rest candidates; cycle 1 validates them (no 30166) and
/// promotes the live ones; cycle 2 checks and publishes the promoted relays. The loopback relays are reached through
/// <c>Guard:TrustedRanges</c> 127.0.0.1/32 (candidates are always guarded).
/// </summary>
public sealed class DiscoveryToPublicationTests(PipelineRelays relays) : IClassFixture<PipelineRelays>, IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-discovery-e2e-").FullName;

    [Fact]
    public async Task Relays_found_in_relay_lists_are_validated_promoted_and_published_in_the_next_cycle()
    {
        using var measurements = new DiscoveryMeasurements();
        var keys = NostrKeys.Generate();
        var configuration = PipelineScenario.Configuration(dataDirectory, keys, relays.PublishRelay, new Dictionary<string, string?>
        {
            ["Guard:TrustedRanges"] = "127.0.0.1/32",
            // Every relay of this test shares the host 127.0.0.1.
            ["Discovery:PerHostLimit"] = "10",
        });
        var settings = MonitorSettings.Load(configuration);
        var healthy = RelayUrl.Parse(relays.Host["healthy"].Url).Value;
        var auth = RelayUrl.Parse(relays.Host["auth"].Url).Value;
        var readOnly = RelayUrl.Parse(relays.Host["readonly"].Url).Value;
        var dead = RelayUrl.Parse(relays.ClosedPort).Value;
        var port = new Uri(healthy).Port;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await NostrTools.SeedAsync(relays.PublishRelay,
        [
            new UnsignedEvent(now - 30, 10002,
                [["r", healthy], ["r", $"WS://127.0.0.1:{port}"], ["r", dead, "read"], ["r", "ws://127.0.0.2:7777"], ["r", $"ws://localhost:{port}"], ["r", "javascript:alert(1)"]], string.Empty),
            new UnsignedEvent(now - 20, 3, [], JsonSerializer.Serialize(new Dictionary<string, object> { [auth] = new { read = true, write = true } })),
            new UnsignedEvent(now - 10, 30002, [["d", "favourites"], ["relay", readOnly]], string.Empty),
        ]);

        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        await RunDiscoveryRoundAsync(settings);

        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var candidates = await db.RelayCandidates.AsNoTracking().ToDictionaryAsync(c => c.Url, c => (c.State, c.Reason));
            Assert.Equal(new Dictionary<string, (CandidateState, string?)>
            {
                [healthy] = (CandidateState.Pending, null),
                [auth] = (CandidateState.Pending, null),
                [readOnly] = (CandidateState.Pending, null),
                [dead] = (CandidateState.Pending, null),
                ["ws://127.0.0.2:7777/"] = (CandidateState.Refused, CandidateReasons.PrivateAddress),
                [$"ws://localhost:{port}/"] = (CandidateState.Refused, CandidateReasons.InternalHost),
                ["javascript:alert(1)"] = (CandidateState.Refused, CandidateReasons.NotRelayUrl),
            }, candidates);
        }

        await host.StartAsync();
        try
        {
            var first = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((4, 4, false), (first.Expected, first.Checked, first.TimedOut));
            Assert.Empty(await PublishedAsync(keys));
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                var states = await db.RelayCandidates.AsNoTracking().Where(c => c.State != CandidateState.Refused).ToDictionaryAsync(c => c.Url, c => c.State);
                Assert.Equal(new Dictionary<string, CandidateState>
                {
                    [healthy] = CandidateState.Promoted,
                    [auth] = CandidateState.Promoted,
                    [readOnly] = CandidateState.Promoted,
                    [dead] = CandidateState.Pending,
                }, states);
                Assert.Equal(Sorted(auth, healthy, readOnly), Sorted([.. await db.Relays.AsNoTracking().Where(r => r.Origin == RelayOrigin.Discovered).Select(r => r.Url).ToListAsync()]));
            }

            // The instrument is process-wide: another test of this assembly may promote candidates at the same time.
            Assert.True(measurements.Sum("discovery_candidates_promoted_total") >= 3, "the promotions are counted");

            var second = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((3, 3, false), (second.Expected, second.Checked, second.TimedOut));
            await Eventually.TrueAsync(async () => (await PublishedAsync(keys)).Length == 3, "the promoted relays' 30166s on the publish relay");
            Assert.Equal(Sorted(auth, healthy, readOnly), Sorted(await PublishedAsync(keys)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    private static string[] Sorted(params string[] urls) => [.. urls.Order(StringComparer.Ordinal)];

    /// <summary>One round of the discovery role's sources, on the monitor's database (as a scheduler process runs them).</summary>
    private static async Task RunDiscoveryRoundAsync(MonitorSettings settings)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddPersistence(MonitorHost.PersistenceOptionsFor(settings))
            .AddDiscovery(settings.Discovery, settings.PublishRelays, settings.OptOut, MonitorHost.DiscoveryClientFor(settings))
            .BuildServiceProvider();
        var round = await services.GetRequiredService<DiscoveryService>().RunRoundAsync(CancellationToken.None);
        Assert.Equal(0, round.Failed);
    }

    private async Task<string[]> PublishedAsync(NostrKeys keys) =>
        [.. (await NostrTools.QueryAsync(relays.PublishRelay, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}"))
            .Select(e => e.Event.TagValue("d")!).Distinct()];
}
