using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Guard;

/// <summary>
/// A guarded relay whose DNS answers each lookup differently: the WebSocket lookup gets 127.0.0.1 (trusted through
/// <c>Guard:TrustedRanges</c>, where a real npm relay listens) and the NIP-11 lookup gets 10.0.0.1. The check is
/// online, its NIP-11 fails as private-address without a connection, and no document is stored or published; the same
/// relay under a name that answers 127.0.0.1 to both gets its document, so the document was there to take.
/// </summary>
public sealed class Nip11PrivateAddressTests : IAsyncLifetime, IDisposable
{
    private const string Rebound = "rebound.example.com";
    private const string Steady = "steady.example.com";
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-guard-nip11-").FullName;
    private RelayHost relays = null!;

    public async Task InitializeAsync() => relays = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("publish", "healthy"));

    public async Task DisposeAsync() => await relays.DisposeAsync();

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task A_nip11_lookup_answered_with_a_private_address_is_refused_while_the_websocket_is_checked()
    {
        var keys = NostrKeys.Generate();
        var publish = relays["publish"].Url;
        var port = new Uri(relays["healthy"].Url).Port;
        var resolver = new MappedResolver()
            .Map(Rebound, ConnectPurpose.WebSocket, "127.0.0.1")
            .Map(Rebound, ConnectPurpose.Nip11, "10.0.0.1")
            .Map(Steady, "127.0.0.1");
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, publish, new Dictionary<string, string?>
        {
            ["Guard:TrustedRanges"] = "127.0.0.1/32",
        }));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0",
            overrides: services => services.AddSingleton<IHostResolver>(resolver));
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var rebound = RelayUrl.Parse($"ws://{Rebound}:{port}").Value;
        var steady = RelayUrl.Parse($"ws://{Steady}:{port}").Value;
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([rebound, steady], allowPrivateAddresses: false);
        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.Equal((2, 2, 2), (completed.Expected, completed.Checked, completed.Online));
            Assert.Contains((Rebound, ConnectPurpose.Nip11), resolver.Lookups);
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
            var stored = await db.Relays.Where(r => r.Url == rebound || r.Url == steady).ToDictionaryAsync(r => r.Url);
            Assert.Equal("online", stored[rebound].LastStatus);
            Assert.Null(stored[rebound].Nip11Json);
            Assert.NotNull(stored[steady].Nip11Json);
            var checks = await db.CheckResults.Where(r => r.CycleId == completed.CycleId)
                .Select(r => new { r.Relay!.Url, r.ChecksJson }).ToDictionaryAsync(r => r.Url, r => r.ChecksJson);
            Assert.Contains("private-address", checks[rebound], StringComparison.Ordinal);
            Assert.Contains("10.0.0.1", checks[rebound], StringComparison.Ordinal);
            Assert.DoesNotContain("private-address", checks[steady], StringComparison.Ordinal);

            var published = (await NostrTools.QueryAsync(publish, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}"))
                .ToDictionary(e => e.Event.TagValue("d")!, e => e.Event.Content);
            Assert.Equal(new[] { rebound, steady }.Order(), published.Keys.Order());
            Assert.DoesNotContain("\"name\"", published[rebound], StringComparison.Ordinal);
            Assert.Contains("\"name\":\"healthy\"", published[steady], StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
