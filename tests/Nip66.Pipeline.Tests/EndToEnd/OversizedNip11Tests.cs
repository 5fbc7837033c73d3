using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>
/// A relay serving a 200 KB NIP-11 document, next to a healthy one, published to a real relay that refuses events
/// over 64 KiB (as strfry does by default): both 30166 are accepted, the big one without its description, and the
/// stored check says so. The same event with the whole document is refused by that relay.
/// </summary>
public sealed class OversizedNip11Tests : IAsyncLifetime, IDisposable
{
    private const int DocumentBytes = 200 * 1024;
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-oversized-").FullName;
    private RelayHost relays = null!;

    public async Task InitializeAsync() => relays = await RelayHost.StartAsync(
        new RelaySpec("big", "healthy", Nip11Bytes: DocumentBytes),
        new RelaySpec("healthy", "healthy"),
        new RelaySpec("publish", "healthy", MaxEventBytes: SignedEventSize.MaxBytes));

    public async Task DisposeAsync() => await relays.DisposeAsync();

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task A_200_KB_NIP11_relay_gets_a_30166_that_a_64_KiB_relay_accepts()
    {
        var keys = NostrKeys.Generate();
        var publish = relays["publish"].Url;
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, publish));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var big = RelayUrl.Parse(relays["big"].Url).Value;
        var healthy = RelayUrl.Parse(relays["healthy"].Url).Value;
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([big, healthy], allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60)).WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal((2, 2), (completed.Checked, completed.Online));

            var published = await NostrTools.QueryAsync(publish, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}");
            Assert.Equal(new[] { big, healthy }.Order(), published.Select(e => e.Event.TagValue("d")!).Order());
            Assert.All(published, e => Assert.True(e.Verified));
            var bigEvent = published.Single(e => e.Event.TagValue("d") == big).Event;
            Assert.True(Encoding.UTF8.GetByteCount(bigEvent.ToJson()) <= SignedEventSize.MaxBytes);
            Assert.DoesNotContain("\"description\"", bigEvent.Content, StringComparison.Ordinal);
            Assert.Contains("\"name\":\"big\"", bigEvent.Content, StringComparison.Ordinal);
            Assert.Contains("\"description\"", published.Single(e => e.Event.TagValue("d") == healthy).Event.Content, StringComparison.Ordinal);

            await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
            var checks = await db.CheckResults.Where(r => r.CycleId == completed.CycleId)
                .Select(r => new { r.Relay!.Url, r.ChecksJson }).ToDictionaryAsync(r => r.Url, r => r.ChecksJson);
            Assert.Contains("dropped description", checks[big], StringComparison.Ordinal);
            Assert.DoesNotContain("dropped", checks[healthy], StringComparison.Ordinal);
            var deliveries = await db.EventDeliveries.Where(d => d.PublishRelay == RelayUrl.Parse(publish).Value).ToListAsync();
            Assert.All(deliveries, d => Assert.Equal("accepted", d.Outcome));

            // Without shrinking: the same 30166 with the whole document, as the monitor used to sign it.
            var document = (await db.Relays.SingleAsync(r => r.Url == big)).Nip11Json!;
            Assert.True(Encoding.UTF8.GetByteCount(document) >= DocumentBytes - 16);
            var whole = new UnsignedEvent(bigEvent.CreatedAt + 1, bigEvent.Kind, bigEvent.Tags, document).Sign(keys);
            await using var connection = await RelayConnection.ConnectAsync(RelayUrl.Parse(publish), new RelayClientOptions(), CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var ok = (OkMessage)await connection.RequestAsync(ClientMessages.Event(whole), m => m is OkMessage o && o.EventId == whole.Id, timeout.Token);
            Assert.False(ok.Accepted);
            Assert.Contains("too large", ok.Reason.Text, StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
