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
public sealed class SigningRedeliveryTests(PublisherOnlyFixture publisher) : IClassFixture<PublisherOnlyFixture>
{
    // The Redis clock outlives the test: a relay of its own keeps an earlier run's 30166 from looking newer.
    private readonly string monitored = $"wss://relay.example.com/{Guid.NewGuid():N}";

    [Fact]
    public async Task A_redelivered_check_is_signed_once_across_publisher_processes()
    {
        var keys = NostrKeys.Generate();
        using var first = publisher.Publisher(keys);
        using var second = publisher.Publisher(keys);
        var delivered = new PublishCounter<EventDelivered>();
        await first.StartAsync();
        await second.StartAsync();
        first.Services.GetRequiredService<IBus>().ConnectPublishObserver(delivered);
        second.Services.GetRequiredService<IBus>().ConnectPublishObserver(delivered);
        await using var live = await LiveSubscription.StartAsync(publisher.PublishRelay, new Filter { Kinds = [30166], Authors = [keys.PublicKeyHex] });
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
            Assert.All(live.Events, e => Assert.Equal(monitored, e.TagValue("d")));
        }
        finally
        {
            await second.StopAsync();
            await first.StopAsync();
        }
    }

    private RelayChecked Checked(Guid cycleId, DateTimeOffset finished) => new()
    {
        CycleId = cycleId,
        Index = 0,
        Result = new RelayCheckResult
        {
            Url = monitored,
            Network = RelayNetwork.Clearnet,
            Status = RelayStatus.Online,
            RttOpenMs = 10,
            RttReadMs = 20,
            SpokeNostr = true,
            Nip11 = Nip11Document.Parse("""{"name":"example","supported_nips":[1,11]}"""u8),
            StartedAt = finished.AddSeconds(-1),
            FinishedAt = finished,
        },
    };
}
