using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Host;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Scheduler;
using Nip66.TestSupport;

namespace Nip66.Web.Tests;

/// <summary>
/// /api/monitor over three publish relays: a real npm relay that accepts, a real npm relay that refuses
/// (<c>restricted:</c>, permanent) and a closed port (no answer, retried).
/// </summary>
public sealed class PublishRelayHealthTests
{
    [Fact]
    public async Task Monitor_shows_refusals_failures_and_deliveries_waiting_for_a_retry()
    {
        await using var relays = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("readonly", "readonly"));
        var healthy = RelayUrl.Parse(relays["healthy"].Url).Value;
        var readOnly = RelayUrl.Parse(relays["readonly"].Url).Value;
        await using var monitor = await RunningMonitor.StartAsync(token: null, publishRelays: [healthy, readOnly, MonitorFixture.ClosedUrl]);

        // The 10166, kind 0 and 10002: three deliveries to each publish relay.
        await monitor.Services.GetRequiredService<IBus>().Publish(CycleScheduler.MonitorEvents(MonitorHost.SchedulerOptionsFor(monitor.Settings), DateTimeOffset.UtcNow));

        using var http = monitor.CreateClient();
        Dictionary<string, JsonElement> byUrl = [];
        await Eventually.TrueAsync(async () =>
        {
            using var doc = await StatusApiTests.GetJsonAsync(http, "/api/monitor");
            byUrl = doc.RootElement.GetProperty("publishRelays").EnumerateArray().ToDictionary(r => r.GetProperty("url").GetString()!, r => r.Clone());
            return byUrl[healthy].GetProperty("accepted").GetInt32() == 3
                && byUrl[readOnly].GetProperty("refused").GetInt32() == 3
                && byUrl[MonitorFixture.ClosedUrl].GetProperty("pending").GetInt32() == 3;
        }, "three deliveries accepted, three refused and three waiting for a retry");

        Assert.Equal((3, 0, 0, 0, 0, 0), Counts(byUrl[healthy]));
        Assert.Equal(JsonValueKind.Null, byUrl[healthy].GetProperty("lastFailure").ValueKind);

        var refused = byUrl[readOnly];
        Assert.Equal((0, 3, 0, 0, 0, 0), Counts(refused));
        var refusal = refused.GetProperty("lastFailure");
        Assert.Equal("refused", refusal.GetProperty("outcome").GetString());
        Assert.StartsWith("restricted:", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, refusal.GetProperty("attempt").GetInt32());
        Assert.Equal(JsonValueKind.Null, refusal.GetProperty("retryAt").ValueKind);

        var closed = byUrl[MonitorFixture.ClosedUrl];
        Assert.True(closed.GetProperty("failed").GetInt32() >= 3, closed.ToString());
        Assert.Equal(0, closed.GetProperty("accepted").GetInt32());
        var failure = closed.GetProperty("lastFailure");
        Assert.Equal(("failed", "connection to 127.0.0.1:1 refused"), (failure.GetProperty("outcome").GetString(), failure.GetProperty("message").GetString()));
        Assert.True(failure.GetProperty("retryAt").GetDateTimeOffset() > failure.GetProperty("at").GetDateTimeOffset());

        // A delivery whose last attempt failed is counted as given up, and no longer as waiting.
        await using (var db = await monitor.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync())
        {
            var waiting = await db.EventDeliveries.Where(d => d.PublishRelay == MonitorFixture.ClosedUrl).OrderByDescending(d => d.At).FirstAsync();
            db.EventDeliveries.Add(new EventDelivery
            {
                EventId = waiting.EventId,
                PublishRelay = waiting.PublishRelay,
                Outcome = "failed",
                Message = "gave up after 12 attempts: connection to 127.0.0.1:1 refused",
                Attempt = 12,
                At = DateTimeOffset.UtcNow.AddMinutes(20),
            });
            await db.SaveChangesAsync();
        }

        using var after = await StatusApiTests.GetJsonAsync(http, "/api/monitor");
        var gaveUp = after.RootElement.GetProperty("publishRelays").EnumerateArray().Single(r => r.GetProperty("url").GetString() == MonitorFixture.ClosedUrl);
        Assert.Equal((2, 1), (gaveUp.GetProperty("pending").GetInt32(), gaveUp.GetProperty("givenUp").GetInt32()));
        Assert.StartsWith("gave up after 12 attempts", gaveUp.GetProperty("lastFailure").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Accepted, refused, refusedTemporarily, failed (attempts); pending, givenUp (deliveries).</summary>
    private static (int, int, int, int, int, int) Counts(JsonElement relay) => (
        relay.GetProperty("accepted").GetInt32(), relay.GetProperty("refused").GetInt32(), relay.GetProperty("refusedTemporarily").GetInt32(),
        relay.GetProperty("failed").GetInt32(), relay.GetProperty("pending").GetInt32(), relay.GetProperty("givenUp").GetInt32());
}
