using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Discovery.Tests;

/// <summary>
/// The discovery service against a real relay (tests/relays) seeded through nostr-tools with every source kind:
/// duplicates in other spellings, malformed events, private and loopback targets, an opted-out host, 50 subdomains of one
/// host, a <c>javascript:</c> URL, another monitor's reports and the monitor's own.
/// </summary>
public sealed class DiscoveryServiceTests : IAsyncLifetime
{
    /// <summary>Seconds far enough back that every seeded event is older than the reader's "now"; one second per event.</summary>
    static readonly long Base = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 100_000;

    static readonly string UserA = Key(1), UserB = Key(2), UserC = Key(3), Monitor = Key(4), NotAMonitor = Key(5), Self = Key(6);

    readonly string _folder = Path.Combine(Path.GetTempPath(), "nip66-discovery-tests", Guid.NewGuid().ToString("N"));
    RelayHost _relays = null!;
    ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _relays = await RelayHost.StartAsync(new RelaySpec("discovery", "healthy"));
        var options = new DiscoveryOptions { Interval = TimeSpan.FromMinutes(10) };
        _services = new ServiceCollection()
            .AddLogging()
            .AddPersistence(PersistenceOptions.ForSqliteFolder(_folder))
            .AddDiscovery(options, [_relays["discovery"].Url], new RelayOptOut(["optout.com"], []), new RelayClientOptions())
            .BuildServiceProvider();
        await MonitorDatabase.MigrateAsync(_services);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _relays.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_round_records_exactly_the_expected_candidates_and_refusals_and_a_second_round_finds_nothing_new()
    {
        await SeedAsync();
        var service = _services.GetRequiredService<DiscoveryService>();
        using var metrics = new DiscoveryMeasurements();

        var first = await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, first.Failed);
        var bySource = first.Sources.ToDictionary(s => s.Source);
        Assert.Equal(["nip65", "contacts", "relay-sets", "monitors"], first.Sources.Select(s => s.Source));
        Assert.Equal(2, bySource["nip65"].EventsRead);
        Assert.Equal(2, bySource["contacts"].EventsRead);
        Assert.Equal(2, bySource["relay-sets"].EventsRead);
        // The reports of the monitor with a 10166 only: the monitor's own and those of an author without a 10166 are not asked for.
        Assert.Equal(2, bySource["monitors"].EventsRead);
        Assert.Equal(1, bySource["contacts"].Malformed[MalformedReasons.Content]);
        Assert.Equal(1, bySource["monitors"].Malformed[MalformedReasons.Content]);
        Assert.Equal(0, bySource["nip65"].Malformed.Values.Sum());
        Assert.Equal(0, bySource["relay-sets"].Malformed.Values.Sum());

        var candidates = await CandidatesAsync();
        Assert.Equal(
            [
                "wss://relay.four.com/", "wss://relay.one.com/", "wss://relay.six.com/", "wss://relay.three.com/", "wss://relay.two.com/",
                "wss://s0.farm.com/", "wss://s1.farm.com/", "wss://s2.farm.com/",
            ],
            candidates.Where(c => c.State == CandidateState.Pending).Select(c => c.Url).Order(StringComparer.Ordinal));
        Assert.Equal(
            new Dictionary<string, int>
            {
                [CandidateReasons.NotRelayUrl] = 2,
                [CandidateReasons.OptedOut] = 1,
                [CandidateReasons.PrivateAddress] = 3,
                [CandidateReasons.InternalHost] = 1,
                [CandidateReasons.HostLimit] = 47,
            },
            candidates.Where(c => c.State == CandidateState.Refused).GroupBy(c => c.Reason!).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(62, candidates.Count);
        Assert.Equal(8, first.Sources.Sum(s => s.Recorded.NewCandidates));
        Assert.Equal(54, first.Sources.Sum(s => s.Recorded.RefusedTotal));

        var one = candidates.Single(c => c.Url == "wss://relay.one.com/");
        Assert.Equal(3, one.Authors);
        Assert.Equal(10002, one.FirstSourceKind);
        Assert.Contains("javascript:alert(1)", candidates.Select(c => c.Url));
        Assert.DoesNotContain(candidates, c => c.Url is "wss://relay.seven.com/" or "wss://relay.eight.com/");

        Assert.Equal(2, metrics.Sum("discovery_events_read_total", ("source", "nip65")));
        // The monitors' source reads its 10166s (two) and the reports of the one other monitor (two).
        Assert.Equal(4, metrics.Sum("discovery_events_read_total", ("source", "monitors")));
        Assert.Equal(1, metrics.Sum("discovery_events_malformed_total", ("source", "contacts"), ("reason", "content")));
        Assert.Equal(8, metrics.Sum("discovery_candidates_new_total"));
        Assert.Equal(47, metrics.Sum("discovery_candidates_refused_total", ("source", "relay-sets"), ("reason", CandidateReasons.HostLimit)));
        Assert.Equal(3, metrics.Sum("discovery_candidates_refused_total", ("reason", CandidateReasons.PrivateAddress)));
        Assert.Equal(1, metrics.Sum("discovery_rounds_total"));
        Assert.Equal(1, metrics.Count("discovery_round_duration_seconds"));

        var second = await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, second.Failed);
        // Only the newest second of each source comes again (the reader's range is inclusive): nothing new is recorded.
        Assert.All(second.Sources, s => Assert.InRange(s.EventsRead, 0, 1));
        Assert.Equal(0, second.Sources.Sum(s => s.Recorded.NewCandidates + s.Recorded.RefusedTotal));
        var after = await CandidatesAsync();
        Assert.Equal(candidates.Select(c => (c.Url, c.State, c.Reason, c.Authors)), after.Select(c => (c.Url, c.State, c.Reason, c.Authors)));
    }

    [Fact]
    public async Task The_hosted_service_reads_at_start_and_stops_within_seconds()
    {
        await SeedAsync();
        var service = _services.GetRequiredService<IHostedService>();

        await service.StartAsync(CancellationToken.None);
        var deadline = Stopwatch.StartNew();
        while ((await CandidatesAsync()).Count < 62 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200);
        }

        Assert.Equal(62, (await CandidatesAsync()).Count);
        var stopping = Stopwatch.StartNew();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await service.StopAsync(grace.Token);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {stopping.Elapsed}");
    }

    async Task SeedAsync()
    {
        var url = _relays["discovery"].Url;
        var second = 0;
        (UnsignedEvent, string?) Draft(string key, int kind, string content, params string[][] tags) =>
            (new UnsignedEvent(Base + second++, kind, tags, content), key);

        var farm = Enumerable.Range(0, 50).Select(i => new[] { "relay", $"wss://s{i}.farm.com" }).Prepend(["d", "farm"]).ToArray();
        var seeded = await NostrTools.SeedAsync(url,
        [
            Draft(UserA, 10002, "", ["r", "wss://relay.one.com"], ["r", "wss://relay.two.com/", "write"], ["r", "ws://127.0.0.1:7777"], ["r", "javascript:alert(1)"],
                ["r", "wss://relay.optout.com"]),
            Draft(UserB, 10002, "", ["r", "WSS://Relay.One.com:443/"], ["r", "ws://192.168.1.10/"], ["r", "wss://localhost/"]),
            Draft(UserC, 3, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["wss://relay.three.com"] = new { read = true, write = true },
                ["wss://relay.one.com//"] = new { read = true, write = false },
                ["ws://[::1]/"] = new { read = true, write = true },
            })),
            Draft(UserA, 3, "{not json"),
            Draft(UserC, 30002, "", ["d", "favourites"], ["relay", "wss://relay.four.com"], ["relay", "https://relay.five.com"]),
            Draft(UserB, 30002, "", farm),
            Draft(Monitor, 10166, "", ["frequency", "3600"]),
            Draft(Monitor, 30166, "", ["d", "wss://relay.six.com/"]),
            Draft(Monitor, 30166, "", ["n", "clearnet"]),
            Draft(NotAMonitor, 30166, "", ["d", "wss://relay.seven.com/"]),
            Draft(Self, 10166, "", ["frequency", "3600"]),
            Draft(Self, 30166, "", ["d", "wss://relay.eight.com/"]),
        ]);

        // The monitor's own key is the signer of its newest stored event.
        var own = seeded[^1];
        await using var db = await _services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        db.PublishedEvents.Add(new PublishedEvent { EventId = own.Id, Kind = own.Kind, CreatedAt = own.CreatedAt, EventJson = own.ToJson(), SignedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    async Task<List<RelayCandidate>> CandidatesAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        return await db.RelayCandidates.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
    }

    static string Key(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
}
