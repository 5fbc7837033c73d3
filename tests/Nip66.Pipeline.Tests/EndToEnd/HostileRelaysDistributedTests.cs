using Microsoft.EntityFrameworkCore;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Persistence;
using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>
/// The monitor as an operator deploys it (a checker process; a scheduler, publisher and persistence process) on real
/// RabbitMQ, Redis and PostgreSQL, checking relays that send unusual text (NUL, lone surrogates, a reason cut through
/// an emoji, a 200 KB NIP-11, numbers for strings) next to healthy ones, and publishing to a real relay that refuses
/// events over 64 KiB as strfry does. One relay's bad text must cost no relay its result or its 30166.
/// </summary>
public sealed class HostileRelaysDistributedTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxEventBytes = 64 * 1024;
    private static readonly TimeSpan CycleBound = TimeSpan.FromMinutes(4);
    private readonly string data = Directory.CreateTempSubdirectory("nip66-hostile-distributed-").FullName;
    private readonly NostrKeys keys = NostrKeys.Generate();
    private HostileRelay hostile = null!;
    private RelayHost real = null!;
    private TemporaryResource database = null!;
    private TemporaryResource vhost = null!;

    public async Task InitializeAsync()
    {
        hostile = await HostileRelay.StartAsync();
        real = await RelayHost.StartAsync(
            new RelaySpec("healthy", "healthy"),
            new RelaySpec("big-nip11", "healthy", Nip11Bytes: 200 * 1024),
            new RelaySpec("publish", "healthy", MaxEventBytes: MaxEventBytes));
        database = await TestServices.CreatePostgresDatabaseAsync();
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        await real.DisposeAsync();
        await hostile.DisposeAsync();
        await vhost.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Hostile_relays_beside_healthy_ones_all_get_a_stored_result_and_an_accepted_30166()
    {
        string[] hostilePaths = [.. HostileRelay.HostileReasons, .. HostileRelay.HostileNip11s];
        var relays = hostilePaths.Select(hostile.Url)
            .Concat(Enumerable.Range(1, 4).Select(i => hostile.Url($"plain-{i}")))
            .Concat([real["healthy"].Url, real["big-nip11"].Url])
            .Select(u => RelayUrl.Parse(u).Value)
            .ToArray();
        var publishRelay = RelayUrl.Parse(real["publish"].Url).Value;
        var environment = new Dictionary<string, string>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
            ["Data"] = data,
            ["Key"] = keys.ToNsec(),
            ["Urls"] = "http://127.0.0.1:0",
            ["PublishRelays"] = publishRelay,

            // Far beyond the cycle's bound: a cycle that ends must have ended on its own count.
            ["CycleDeadlineSeconds"] = "1800",
        };
        using (var add = Nip66Process.Start(["relays", "add", .. relays], environment))
        {
            Assert.True(await add.ExitAsync(TimeSpan.FromSeconds(60)) == 0, add.Output);
        }

        using var checker = Nip66Process.Start(["run", "--roles", "checker"], environment);
        using var once = Nip66Process.Start(["run", "--once", "--roles", "scheduler,publisher,persistence"], environment);
        var exit = await once.ExitAsync(CycleBound);
        output.WriteLine(once.Stdout);

        Assert.True(exit == 0, $"run --once exited {exit}: {once.Output}{Environment.NewLine}checker said: {checker.Output}");
        Assert.Matches($@"Cycle [0-9a-f-]{{36}}: {relays.Length}/{relays.Length} relays checked in \d+\.\d s{Environment.NewLine}", once.Stdout);
        // run --once waits for every 30166 to be signed and delivered before it prints and exits.
        Assert.Contains($"; 30166 events signed: {relays.Length}{Environment.NewLine}", once.Stdout, StringComparison.Ordinal);
        Assert.Contains($"published to {publishRelay}: accepted {relays.Length}{Environment.NewLine}", once.Stdout, StringComparison.Ordinal);
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));

        await using var db = OpenDatabase();
        var stored = await db.CheckResults.Select(r => new { r.Relay!.Url, r.Status, r.FailureClass, r.ChecksJson }).ToListAsync();
        Assert.Equal(relays.Order(), stored.Select(r => r.Url).Order());
        Assert.All(stored, r => Assert.True(r.Status == "online" && r.FailureClass != "internal", $"{r.Url}: {r.Status} {r.FailureClass}"));
        Assert.All(stored, r => Assert.DoesNotContain("\\u0000", r.ChecksJson, StringComparison.Ordinal));

        // Every relay that is up has its 30166 on a relay that refuses events over 64 KiB; nostr-tools verifies each.
        var published = await NostrTools.QueryAsync(publishRelay, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}");
        Assert.All(published, e => Assert.True(e.Verified, $"nostr-tools rejected {e.Event.Id}"));
        Assert.Equal(relays.Order(), published.Select(e => e.Event.TagValue("d")!).Order());
        Assert.All(published, e => Assert.True(System.Text.Encoding.UTF8.GetByteCount(e.Event.ToJson()) <= MaxEventBytes, $"{e.Event.TagValue("d")} is over 64 KiB"));
        var deliveries = await db.EventDeliveries.Where(d => d.PublishRelay == publishRelay).ToListAsync();
        Assert.All(deliveries, d => Assert.True(d.Outcome == "accepted", $"{d.EventId}: {d.Outcome} {d.Message}"));

        // One final delivery per relay's 30166, each accepted.
        var finals = await db.EventDeliveries.Where(d => d.PublishRelay == publishRelay && d.RetryAt == null)
            .Join(db.PublishedEvents.Where(e => e.Kind == RelayDiscovery.Kind), d => d.EventId, e => e.EventId, (d, e) => new { e.RelayUrl, d.Outcome })
            .ToListAsync();
        Assert.Equal(relays.Order(), finals.Select(f => f.RelayUrl).Order());
        Assert.All(finals, f => Assert.Equal("accepted", f.Outcome));
    }

    private PostgresMonitorDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<PostgresMonitorDbContext>().UseNpgsql(database.Value).Options);
}
