using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>
/// A relay that is up but rate-limits our write is rested (15 minutes at first, hours later); the next cycle leaves
/// it out but re-signs its last 30166 with a new created_at, so clients judging liveness by created_at still see it.
/// </summary>
public sealed class RestedRelayFreshnessTests : IAsyncLifetime, IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-rested-").FullName;
    private RelayHost relays = null!;
    private HostileRelay hostile = null!;

    public async Task InitializeAsync()
    {
        relays = await RelayHost.StartAsync(new RelaySpec("publish", "healthy"));
        hostile = await HostileRelay.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await hostile.DisposeAsync();
        await relays.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task A_rested_relay_that_is_up_gets_its_last_30166_re_signed_each_cycle()
    {
        var keys = NostrKeys.Generate();
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, relays["publish"].Url));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var url = RelayUrl.Parse(hostile.Url(new FleetPath(FleetBehaviour.RefuseRateLimited, 0, 0, 1).ToString())).Value;
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([url], allowPrivateAddresses: true);
        await host.StartAsync();
        await using var live = await LiveSubscription.StartAsync(relays["publish"].Url, new Filter { Kinds = [30166], Authors = [keys.PublicKeyHex] });
        try
        {
            var checkedCycle = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal((1, 1), (checkedCycle.Checked, checkedCycle.Online));
            var relay = (await host.Services.GetRequiredService<RelayStatusQueries>().ListAllAsync()).Single();
            Assert.True(relay.NextCheckAt > DateTimeOffset.UtcNow, "the rate-limited relay is not resting; the test proves nothing");
            await Eventually.TrueAsync(() => live.Events.Count >= 1, "the 30166 of the check");

            // The refresh re-signs what the event log holds; a cycle later than the next minute would find it there anyway.
            var databases = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
            await using var db = await databases.CreateDbContextAsync();
            await Eventually.TrueAsync(() => db.PublishedEvents.AnyAsync(e => e.CycleId == checkedCycle.CycleId), "the check's 30166 in the event log");

            var restCycle = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(0, restCycle.Expected);
            await Eventually.TrueAsync(() => live.Events.Count >= 2, "the re-signed 30166");

            var (fromCheck, refreshed) = (live.Events[0], live.Events[1]);
            Assert.Equal(url, refreshed.TagValue("d"));
            Assert.True(refreshed.CreatedAt > fromCheck.CreatedAt);
            Assert.Equal(fromCheck.Content, refreshed.Content);
            Assert.Equal(fromCheck.Tags.Select(t => string.Join('|', t)), refreshed.Tags.Select(t => string.Join('|', t)));
            Assert.Equal(1, await db.CheckResults.CountAsync());
            await Eventually.TrueAsync(
                async () => await db.PublishedEvents.AnyAsync(e => e.EventId == refreshed.Id && e.CycleId == restCycle.CycleId),
                "the re-signed 30166 in the event log, under the cycle the relay sat out");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
