using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.Publisher;
using Nip66.Scheduler;
using Nip66.TestSupport;
using StackExchange.Redis;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>
/// The 10166, kind 0 and 10002 on a real relay (distributed: the ledger in Redis): asked again unchanged, nothing is
/// re-signed; a change re-signs the changed event only; after a restart, an event a day old is re-signed.
/// </summary>
public sealed class MonitorEventsScheduleTests(PublisherOnlyFixture publisher) : IClassFixture<PublisherOnlyFixture>
{
    [Fact]
    public async Task Monitor_events_are_re_signed_on_change_and_when_a_day_old_even_across_a_restart()
    {
        var keys = NostrKeys.Generate();
        var ask = CycleScheduler.MonitorEvents(MonitorHost.SchedulerOptionsFor(publisher.Settings(keys)), DateTimeOffset.UtcNow);
        await using var live = await LiveSubscription.StartAsync(publisher.PublishRelay, new Filter { Kinds = [10166, 0, 10002], Authors = [keys.PublicKeyHex] });
        int Count(int kind) => live.Events.Count(e => e.Kind == kind);

        using (var first = publisher.Publisher(keys))
        {
            await first.StartAsync();
            var bus = first.Services.GetRequiredService<IBus>();
            await bus.Publish(ask);
            await Eventually.TrueAsync(() => live.Events.Count >= 3, "the first announcement");
            await bus.Publish(ask);
            await bus.Publish(ask with { FrequencySeconds = ask.FrequencySeconds * 2 });
            await Eventually.TrueAsync(() => Count(10166) >= 2, "the changed 10166");
            await first.StopAsync();
        }

        Assert.Equal((2, 1, 1), (Count(10166), Count(0), Count(10002)));
        Assert.Equal(((ask.FrequencySeconds * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), live.Events.Where(e => e.Kind == 10166).MaxBy(e => e.CreatedAt)!.TagValue("frequency"));

        // A day passes for the profile only: its ledger entry is made 24 hours older. Its created_at then no longer
        // orders the next one after the first, which a real day would: let the first one's second pass.
        var firstProfile = live.Events.Single(e => e.Kind == 0).CreatedAt;
        await Eventually.TrueAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > firstProfile, "the first profile's second to pass");
        using (var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis))
        {
            var key = RedisMonitorEventLedger.KeyFor(keys);
            var entry = ((string)(await redis.GetDatabase().HashGetAsync(key, 0))!).Split(' ');
            var dayOld = long.Parse(entry[1], System.Globalization.CultureInfo.InvariantCulture) - (long)TimeSpan.FromHours(24).TotalSeconds;
            await redis.GetDatabase().HashSetAsync(key, 0, $"{entry[0]} {dayOld}");
        }

        using (var restarted = publisher.Publisher(keys))
        {
            await restarted.StartAsync();
            var bus = restarted.Services.GetRequiredService<IBus>();
            await bus.Publish(ask with { FrequencySeconds = ask.FrequencySeconds * 2 });
            await Eventually.TrueAsync(() => Count(0) >= 2, "the day-old profile re-signed");

            // Asks are taken one at a time: once this rename shows, the ask before it is done.
            await bus.Publish(ask with { FrequencySeconds = ask.FrequencySeconds * 2, Name = "renamed" });
            await Eventually.TrueAsync(() => Count(0) >= 3, "the renamed profile");
            await restarted.StopAsync();
        }

        Assert.Equal((2, 3, 1), (Count(10166), Count(0), Count(10002)));
    }
}
