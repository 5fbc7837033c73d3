using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Web.Tests;

/// <summary>
/// A web process beside no signing role never reads the monitor key: the page shows the author of the monitor's
/// newest signed event instead, and nothing before the first one.
/// </summary>
public sealed class MonitorIdentityTests
{
    [Fact]
    public async Task Without_a_signing_role_the_monitor_is_the_author_of_its_newest_stored_event()
    {
        await using var monitor = await RunningMonitor.StartAsync(MonitorFixture.Token, roles: "persistence,web");
        using var http = monitor.CreateClient();
        Assert.Null(monitor.Services.GetService<NostrKeys>());

        using (var before = await StatusApiTests.GetJsonAsync(http, "/api/monitor"))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, before.RootElement.GetProperty("npub").ValueKind);
            Assert.Equal(System.Text.Json.JsonValueKind.Null, before.RootElement.GetProperty("pubkey").ValueKind);
        }

        var earlier = NostrKeys.Generate();
        var current = NostrKeys.Generate();
        await StoreAsync(monitor, earlier, DateTimeOffset.UtcNow.AddHours(-1));
        await StoreAsync(monitor, current, DateTimeOffset.UtcNow);

        using var after = await StatusApiTests.GetJsonAsync(http, "/api/monitor");
        Assert.Equal(current.Npub, after.RootElement.GetProperty("npub").GetString());
        Assert.Equal(current.PublicKeyHex, after.RootElement.GetProperty("pubkey").GetString());
    }

    private static async Task StoreAsync(RunningMonitor monitor, NostrKeys keys, DateTimeOffset signedAt)
    {
        var signed = new UnsignedEvent(signedAt.ToUnixTimeSeconds(), 10166, [["frequency", "900"]], string.Empty).Sign(keys);
        await using var db = await monitor.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        db.PublishedEvents.Add(new PublishedEvent
        {
            EventId = signed.Id,
            Kind = signed.Kind,
            CreatedAt = signed.CreatedAt,
            EventJson = signed.ToJson(),
            SignedAt = signedAt,
        });
        await db.SaveChangesAsync();
    }
}
