using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>
/// A RelayChecked delivered four times to two publisher processes (distributed: RabbitMQ, the Redis clock) gives one
/// 30166 on a real relay; the next cycle's check gives a second; a late older check none.
/// </summary>
public sealed class SigningRedeliveryTests : IAsyncLifetime, IDisposable
{
    private const string Monitored = "wss://relay.example.com/";
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-signing-").FullName;
    private RelayHost relays = null!;
    private TemporaryResource vhost = null!;

    public async Task InitializeAsync()
    {
        relays = await RelayHost.StartAsync(new RelaySpec("publish", "healthy"));
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await relays.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    [Fact]
    public async Task A_redelivered_check_is_signed_once_across_publisher_processes()
    {
        var keys = NostrKeys.Generate();
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, relays["publish"].Url, new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = "Host=unused",
            ["Roles"] = "publisher",
        }));
        using var first = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        using var second = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        var delivered = new PublishCounter<EventDelivered>();
        await first.StartAsync();
        await second.StartAsync();
        first.Services.GetRequiredService<IBus>().ConnectPublishObserver(delivered);
        second.Services.GetRequiredService<IBus>().ConnectPublishObserver(delivered);
        await using var live = await LiveSubscription.StartAsync(relays["publish"].Url, new Filter { Kinds = [30166], Authors = [keys.PublicKeyHex] });
        try
        {
            var bus = first.Services.GetRequiredService<IBus>();
            var finished = DateTimeOffset.UtcNow.AddSeconds(-30);
            var check = Checked(Guid.NewGuid(), finished);
            for (var i = 0; i < 4; i++)
            {
                await bus.Publish(check);
            }

            await Eventually.TrueAsync(() => delivered.Count >= 4, "four deliveries of the redelivered check");
            await bus.Publish(Checked(Guid.NewGuid(), finished.AddSeconds(20)));
            await Eventually.TrueAsync(() => delivered.Count >= 5, "the next cycle's delivery");
            await bus.Publish(Checked(Guid.NewGuid(), finished.AddSeconds(-600)));
            await Eventually.TrueAsync(() => live.Events.Count >= 2, "two 30166 on the relay");

            // The late older check is signed by nobody: nothing more is delivered and the relay keeps two events.
            await bus.Publish(Checked(Guid.NewGuid(), finished.AddSeconds(25)));
            await Eventually.TrueAsync(() => live.Events.Count >= 3, "the check after it");
            Assert.Equal(
                [finished.ToUnixTimeSeconds(), finished.AddSeconds(20).ToUnixTimeSeconds(), finished.AddSeconds(25).ToUnixTimeSeconds()],
                live.Events.Select(e => e.CreatedAt).Order());
            Assert.All(live.Events, e => Assert.Equal(Monitored, e.TagValue("d")));
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    private static RelayChecked Checked(Guid cycleId, DateTimeOffset finished) => new()
    {
        CycleId = cycleId,
        Index = 0,
        Result = new RelayCheckResult
        {
            Url = Monitored,
            Network = "clearnet",
            Status = RelayStatus.Online,
            RttOpenMs = 10,
            RttReadMs = 20,
            SpokeNostr = true,
            Nip11Json = """{"name":"example","supported_nips":[1,11]}""",
            StartedAt = finished.AddSeconds(-1),
            FinishedAt = finished,
        },
    };
}
