using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence.ReadSide;
using static Nip66.Persistence.Tests.MaintenanceData;

namespace Nip66.Persistence.Tests;

/// <summary>The read side on a real database: filters, sorts and pages in SQL; uptime from rollups plus the last day raw.</summary>
public abstract class RelayStatusQueriesTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : TestDatabase
{
    /// <summary>12:30 on 10 June: the raw part of every window starts at 12:00 on 9 June.</summary>
    static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);

    RelayStatusQueries Queries => database.Services.GetRequiredService<RelayStatusQueries>();

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    static RelayListQuery Query(string? status = null, string? network = null, string? q = null, string? sort = null, string? dir = null, int? page = null, int? pageSize = null)
    {
        Assert.True(RelayListQuery.TryParse(status, network, null, q, sort, dir, page, pageSize, out var query, out var error), error);
        return query;
    }

    /// <summary>Six relays with their latest status and round trips, as the batch consumer leaves them.</summary>
    async Task AddFleetAsync()
    {
        await using var db = await database.OpenAsync();
        db.Relays.AddRange(
            Relay("wss://alpha.example/", Online, 120, 80),
            Relay("wss://bravo.example/", Online, 40, 300),
            Relay("wss://charlie.example/", Degraded, 200, null, "auth-required"),
            Relay("wss://delta.example/", Offline, null, null, "refused"),
            Relay("ws://" + new string('q', 56) + ".onion/", Online, 900, 700),
            Relay("wss://echo.example/Alpha", null, null, null));
        await db.SaveChangesAsync();
    }

    static Relay Relay(string url, string? status, int? open, int? read, string? failure = null) => new()
    {
        Url = url,
        Network = PersistenceNames.NetworkOf(url),
        AddedAt = Now.AddDays(-1),
        LastStatus = status,
        LastCheckedAt = status is null ? null : Now.AddMinutes(-5),
        LastOnlineAt = status is Online or Degraded ? Now.AddMinutes(-5) : null,
        LastFailureClass = failure,
        LastRttOpenMs = open,
        LastRttReadMs = read,
    };

    static List<string> Urls(RelayStatusPage page) => [.. page.Items.Select(i => i.Url)];

    [Fact]
    public async Task Relays_are_filtered_in_SQL_by_status_network_and_a_piece_of_the_URL()
    {
        await AddFleetAsync();

        var offline = await Queries.ListAsync(Query(status: "offline"), Now);
        Assert.Equal(1, offline.Total);
        Assert.Equal(["wss://delta.example/"], Urls(offline));
        Assert.Equal("refused", offline.Items[0].FailureClass);

        var unknown = await Queries.ListAsync(Query(status: "UNKNOWN"), Now);
        Assert.Equal(["wss://echo.example/Alpha"], Urls(unknown));
        Assert.Null(unknown.Items[0].Status);

        var tor = await Queries.ListAsync(Query(network: "tor"), Now);
        Assert.Equal(1, tor.Total);
        Assert.Equal(RelayNetwork.Tor, tor.Items[0].Network);

        // Case-insensitive, anywhere in the URL (the path keeps its case).
        var alpha = await Queries.ListAsync(Query(q: " ALPHA "), Now);
        Assert.Equal(["wss://alpha.example/", "wss://echo.example/Alpha"], Urls(alpha));

        var onlineClearnet = await Queries.ListAsync(Query(status: "online", network: "clearnet"), Now);
        Assert.Equal(["wss://alpha.example/", "wss://bravo.example/"], Urls(onlineClearnet));
        Assert.Equal(new RoundTrips(120, 80, null), onlineClearnet.Items[0].Rtt);
    }

    [Fact]
    public async Task Relays_are_sorted_with_missing_values_last_and_paged_without_overlap()
    {
        await AddFleetAsync();
        var onion = "ws://" + new string('q', 56) + ".onion/";

        var byOpen = await Queries.ListAsync(Query(sort: "rtt-open"), Now);
        Assert.Equal(["wss://bravo.example/", "wss://alpha.example/", "wss://charlie.example/", onion, "wss://delta.example/", "wss://echo.example/Alpha"], Urls(byOpen));
        var byOpenDown = await Queries.ListAsync(Query(sort: "rtt-open", dir: "desc"), Now);
        Assert.Equal([onion, "wss://charlie.example/", "wss://alpha.example/", "wss://bravo.example/", "wss://delta.example/", "wss://echo.example/Alpha"], Urls(byOpenDown));

        var byStatus = await Queries.ListAsync(Query(sort: "status"), Now);
        Assert.Equal(["online", "online", "online", "degraded", "offline", null], byStatus.Items.Select(i => i.Status));

        var byFailure = await Queries.ListAsync(Query(sort: "failure", dir: "desc"), Now);
        Assert.Equal(["wss://delta.example/", "wss://charlie.example/"], Urls(byFailure).Take(2));

        var seen = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await Queries.ListAsync(Query(sort: "url", page: page, pageSize: 4), Now);
            Assert.Equal((6, page, 4), (result.Total, result.Page, result.PageSize));
            seen.AddRange(Urls(result));
        }

        Assert.Equal(Urls(await Queries.ListAsync(Query(sort: "url"), Now)), seen);
        Assert.Equal(6, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_page_has_uptime_from_rollups_and_the_raw_last_day_and_percentiles_of_the_day()
    {
        await AddFleetAsync();
        await using (var db = await database.OpenAsync())
        {
            var ids = db.Relays.Where(r => r.Url == "wss://alpha.example/" || r.Url == "wss://delta.example/").OrderBy(r => r.Url).Select(r => r.Id).ToList();
            var (alpha, delta) = (ids[0], ids[1]);
            var split = new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);
            db.CheckResults.AddRange(
                Check(alpha, Now.AddHours(-1), Online, open: 100, read: 10),
                Check(alpha, Now.AddHours(-3), Online, open: 300, read: 30),
                Check(alpha, Now.AddHours(-5), Offline),
                Check(alpha, split.AddMinutes(5), Online, open: 999),      // raw, before the day: 7 and 30 days only
                Check(delta, Now.AddHours(-2), Offline));
            db.RelayHourly.AddRange(
                new RelayHourly { RelayId = alpha, Hour = split, Checks = 50, Online = 50 },  // has raw rows: not counted twice
                new RelayHourly { RelayId = alpha, Hour = Now.AddDays(-2).AddMinutes(-30), Checks = 4, Online = 4 },
                new RelayHourly { RelayId = alpha, Hour = Now.AddDays(-10).AddMinutes(-30), Checks = 4, Offline = 4 },
                new RelayHourly { RelayId = delta, Hour = Now.AddDays(-2).AddMinutes(-30), Checks = 4, Online = 1, Offline = 3 });
            await db.SaveChangesAsync();
        }

        var page = await Queries.ListAsync(Query(sort: "url"), Now);
        var item = Assert.Single(page.Items, i => i.Url == "wss://alpha.example/");
        // Day: 3 raw checks, 2 up. Week: 4 raw (3 up) + 4 rolled up (4 up). 30 days: + 4 (0 up).
        Assert.Equal(new UptimeFractions(2.0 / 3, 7.0 / 8, 7.0 / 12), item.Uptime);
        Assert.Equal(new RoundTrips(100, 10, null), item.RttP50);
        Assert.Equal(new RoundTrips(300, 30, null), item.RttP95);
        var down = Assert.Single(page.Items, i => i.Url == "wss://delta.example/");
        Assert.Equal(new UptimeFractions(0, 1.0 / 5, 1.0 / 5), down.Uptime);
        Assert.Equal(new RoundTrips(null, null, null), down.RttP50);
        var neverChecked = Assert.Single(page.Items, i => i.Url == "wss://charlie.example/");
        Assert.Equal(new UptimeFractions(null, null, null), neverChecked.Uptime);
    }

    [Fact]
    public async Task A_relay_comes_with_its_NIP11_object_and_a_week_of_history()
    {
        await AddFleetAsync();
        await using (var db = await database.OpenAsync())
        {
            var alpha = db.Relays.Single(r => r.Url == "wss://alpha.example/");
            alpha.Nip11Json = "{\"name\":\"alpha\"}";
            db.CheckResults.AddRange(
                Check(alpha.Id, Now.AddDays(-8), Offline),
                Check(alpha.Id, Now.AddDays(-2), Online, open: 50),
                Check(alpha.Id, Now.AddHours(-1), Online, open: 60));
            await db.SaveChangesAsync();
        }

        var detail = await Queries.GetAsync("wss://alpha.example/", Now);
        Assert.NotNull(detail);
        Assert.Equal("alpha", System.Text.Json.JsonDocument.Parse(detail.Nip11!).RootElement.GetProperty("name").GetString());
        Assert.Equal([50, 60], detail.History.Select(h => h.Rtt.Open));
        Assert.Equal(1.0, detail.Uptime.H24);
        Assert.Null((await Queries.GetAsync("wss://bravo.example/", Now))!.Nip11);
        Assert.Null(await Queries.GetAsync("wss://unknown.example/", Now));
    }

    [Theory]
    [InlineData("sleepy", null, null, null, null, null, "status")]
    [InlineData(null, "moon", null, null, null, null, "network")]
    [InlineData(null, null, "uptime-30d", null, null, null, "sort")]
    [InlineData(null, null, null, "up", null, null, "dir")]
    [InlineData(null, null, null, null, 0, null, "page")]
    [InlineData(null, null, null, null, null, 1001, "pageSize")]
    public void A_bad_parameter_is_named(string? status, string? network, string? sort, string? dir, int? page, int? pageSize, string named)
    {
        Assert.False(RelayListQuery.TryParse(status, network, null, null, sort, dir, page, pageSize, out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}

public sealed class SqliteRelayStatusQueriesTests(SqliteDatabase database) : RelayStatusQueriesTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresRelayStatusQueriesTests(PostgresDatabase database) : RelayStatusQueriesTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
