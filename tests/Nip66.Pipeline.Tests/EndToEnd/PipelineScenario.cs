using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>Real relays for the pipeline: three that answer, one to publish to; plus a port nobody listens on.</summary>
public sealed class PipelineRelays : IAsyncLifetime, IDisposable
{
    // Held, not found free and given back: a relay started after it could be given the same number, and the "closed"
    // port would then be a real relay's (the likely cause of CandidateValidationTests once finding 2 relays due of 3).
    private readonly ClosedPort closedPort = new();

    public RelayHost Host { get; private set; } = null!;

    public string ClosedPort => closedPort.Url;

    public IReadOnlyList<string> Monitored => [Host["healthy"].Url, Host["readonly"].Url, Host["auth"].Url, ClosedPort];

    public string PublishRelay => Host["publish"].Url;

    public async Task InitializeAsync() => Host = await RelayHost.StartAsync(
        new RelaySpec("healthy", "healthy"),
        new RelaySpec("readonly", "readonly"),
        new RelaySpec("auth", "auth"),
        new RelaySpec("publish", "healthy"));

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public void Dispose() => closedPort.Dispose();
}

/// <summary>
/// One cycle through the whole pipeline (scheduler, checkers, publisher, persistence, cycle saga) against the relays
/// above, asserted on what a user sees: the database, the saga's summary, and the events on the publish relay.
/// </summary>
public static class PipelineScenario
{
    public static IConfiguration Configuration(string dataDirectory, NostrKeys keys, string publishRelay, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Data"] = dataDirectory,
            ["Key"] = keys.ToNsec(),
            ["PublishRelays"] = publishRelay,
            ["CycleDeadlineSeconds"] = "120",
            ["Timeouts:Open"] = "5000",
            ["Timeouts:Read"] = "5000",
            ["Timeouts:Write"] = "5000",
            ["Timeouts:Auth"] = "5000",
            ["Timeouts:Nip11"] = "5000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static async Task RunAndAssertAsync(PipelineRelays relays, IConfiguration configuration, NostrKeys keys)
    {
        var settings = MonitorSettings.Load(configuration);
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var urls = relays.Monitored.Select(u => RelayUrl.Parse(u).Value).ToArray();
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(urls, allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Equal((4, 4, 2, 1, 1, false), (completed.Expected, completed.Checked, completed.Online, completed.Degraded, completed.Offline, completed.TimedOut));
            Assert.Empty(completed.MissedIndexes);

            await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
            var stored = await db.CheckResults.Where(r => r.CycleId == completed.CycleId)
                .Select(r => new { r.Relay!.Url, r.Status, r.FailureClass }).ToDictionaryAsync(r => r.Url);
            Assert.Equal(urls.Order(), stored.Keys.Order());
            Assert.Equal("online", stored[urls[0]].Status);
            Assert.Equal("online", stored[urls[1]].Status);
            Assert.Equal("degraded", stored[urls[2]].Status);
            Assert.Equal(("offline", "refused"), (stored[urls[3]].Status, stored[urls[3]].FailureClass));
            var cycle = await db.Cycles.SingleAsync(c => c.Id == completed.CycleId);
            Assert.NotNull(cycle.CompletedAt);
            Assert.Equal((4, 4, 2, 1, 1), (cycle.Expected, cycle.Checked, cycle.Online, cycle.Degraded, cycle.Offline));

            var published = await NostrTools.QueryAsync(relays.PublishRelay, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}");
            Assert.All(published, e => Assert.True(e.Verified, $"nostr-tools rejected {e.Event.Id}"));
            Assert.Equal(urls.Take(3).Order(), published.Select(e => e.Event.TagValue("d")!).Order());
            Assert.Contains("writes", published.Single(e => e.Event.TagValue("d") == urls[1]).Event.TagValues("R"));
            Assert.Contains("auth", published.Single(e => e.Event.TagValue("d") == urls[2]).Event.TagValues("R"));

            var announcement = Assert.Single(await NostrTools.QueryAsync(relays.PublishRelay, $"{{\"kinds\":[10166],\"authors\":[\"{keys.PublicKeyHex}\"]}}"));
            Assert.True(announcement.Verified);
            Assert.Equal("900", announcement.Event.TagValue("frequency"));
            Assert.Contains("write", announcement.Event.TagValues("c"));

            var deliveries = await db.EventDeliveries.Where(d => d.PublishRelay == RelayUrl.Parse(relays.PublishRelay).Value).ToListAsync();
            Assert.All(deliveries, d => Assert.Equal("accepted", d.Outcome));
            Assert.True(deliveries.Count >= 6, $"{deliveries.Count} deliveries recorded");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
