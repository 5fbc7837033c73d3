using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Persistence.ReadSide;

namespace Nip66.Persistence.Tests;

public abstract class RelayRegistryTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    readonly string _tag = Guid.NewGuid().ToString("N")[..12];

    IRelayRegistry Registry => database.Services.GetRequiredService<IRelayRegistry>();

    string Url(string name) => $"wss://{name}.{_tag}.example/";

    async Task<IReadOnlyList<DueRelay>> DueAsync(DateTimeOffset now) =>
        [.. (await database.Services.GetRequiredService<RelaySchedule>().GetDueAsync(now)).Where(d => d.Url.Contains(_tag, StringComparison.Ordinal))];

    async Task<RelayInfo> InfoAsync(string url) => (await database.Services.GetRequiredService<RelayStatusQueries>().ListAllAsync()).Single(r => r.Url == url);

    [Fact]
    public async Task Origin_is_kept_and_an_operator_add_makes_a_discovered_relay_trusted()
    {
        var now = DateTimeOffset.UtcNow;
        await Registry.AddAsync([Url("mine")], allowPrivateAddresses: true);
        await Registry.AddAsync([Url("found"), Url("promoted")], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await Registry.AddAsync([Url("mine")], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await Registry.AddAsync([Url("promoted")], allowPrivateAddresses: true);

        var origins = (await DueAsync(now)).ToDictionary(d => d.Url, d => d.Origin);

        Assert.Equal(RelayOrigin.Operator, origins[Url("mine")]);
        Assert.Equal(RelayOrigin.Discovered, origins[Url("found")]);
        Assert.Equal(RelayOrigin.Operator, origins[Url("promoted")]);
    }

    [Fact]
    public async Task Trust_is_taken_from_the_add_and_only_rises()
    {
        var now = DateTimeOffset.UtcNow;
        await Registry.AddAsync([Url("by-hand"), Url("raised")], allowPrivateAddresses: true);
        await Registry.AddAsync([Url("imported"), Url("raised")], allowPrivateAddresses: false);
        await Registry.AddAsync([Url("found")], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await Registry.AddAsync([Url("by-hand")], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await Registry.AddAsync([Url("found")], allowPrivateAddresses: false);

        var trust = (await DueAsync(now)).ToDictionary(d => d.Url, d => d.AllowPrivateAddresses);
        Assert.Equal((true, true, false, false), (trust[Url("by-hand")], trust[Url("raised")], trust[Url("imported")], trust[Url("found")]));

        await Registry.AddAsync([Url("found")], allowPrivateAddresses: true);
        Assert.True((await DueAsync(now)).Single(d => d.Url == Url("found")).AllowPrivateAddresses);
    }

    [Fact]
    public async Task Add_counts_only_new_relays()
    {
        Assert.Equal(2, await Registry.AddAsync([Url("a"), Url("b"), Url("a")], allowPrivateAddresses: true, priority: 3, notes: "seed"));
        Assert.Equal(1, await Registry.AddAsync([Url("a"), Url("c")], allowPrivateAddresses: true));
        Assert.Equal(0, await Registry.AddAsync([Url("c")], allowPrivateAddresses: true));
        Assert.Equal(0, await Registry.AddAsync([], allowPrivateAddresses: true));

        var mine = (await database.Services.GetRequiredService<RelayStatusQueries>().ListAllAsync()).Where(r => r.Url.Contains(_tag, StringComparison.Ordinal)).ToList();
        Assert.Equal([Url("a"), Url("b"), Url("c")], mine.Select(r => r.Url));
        var a = mine[0];
        Assert.True(a.Enabled);
        Assert.Equal(3, a.Priority);
        Assert.Equal("seed", a.Notes);
        Assert.Null(a.LastStatus);
        Assert.Equal(0, a.ConsecutiveFailures);
        Assert.Null(a.NextCheckAt);
        Assert.True(DateTimeOffset.UtcNow - a.AddedAt < TimeSpan.FromMinutes(5));
        Assert.Equal(0, mine[2].Priority);
        Assert.Null(mine[2].Notes);
    }

    [Fact]
    public async Task Disable_hides_a_relay_until_it_is_added_again()
    {
        await Registry.AddAsync([Url("x"), Url("y")], allowPrivateAddresses: true);
        var now = DateTimeOffset.UtcNow;

        Assert.True(await Registry.DisableAsync(Url("x")));
        Assert.False(await Registry.DisableAsync(Url("unknown")));
        Assert.False((await InfoAsync(Url("x"))).Enabled);
        Assert.Equal([Url("y")], (await DueAsync(now)).Select(d => d.Url));

        Assert.Equal(0, await Registry.AddAsync([Url("x")], allowPrivateAddresses: true));
        Assert.True((await InfoAsync(Url("x"))).Enabled);
        Assert.Equal([Url("x"), Url("y")], (await DueAsync(now)).Select(d => d.Url));
    }

    [Fact]
    public async Task Due_relays_come_by_priority_then_id_and_respect_the_back_off()
    {
        await Registry.AddAsync([Url("low1"), Url("low2")], allowPrivateAddresses: true);
        await Registry.AddAsync([Url("high")], allowPrivateAddresses: true, priority: 9);
        await Registry.AddAsync([Url("mid"), Url("backed-off")], allowPrivateAddresses: true, priority: 5);

        var backedOffUntil = Checks.T0.AddHours(6);
        await using (var db = await database.OpenAsync())
        {
            var relay = await db.Relays.SingleAsync(r => r.Url == Url("backed-off"));
            relay.ConsecutiveFailures = 3;
            relay.NextCheckAt = backedOffUntil;
            await db.SaveChangesAsync();
        }

        Assert.Equal(
            [new DueRelay(Url("high"), 9), new DueRelay(Url("mid"), 5), new DueRelay(Url("low1"), 0), new DueRelay(Url("low2"), 0)],
            await DueAsync(backedOffUntil.AddTicks(-10)));
        Assert.Equal(
            [Url("high"), Url("mid"), Url("backed-off"), Url("low1"), Url("low2")],
            (await DueAsync(backedOffUntil)).Select(d => d.Url));
        // The same instant at another offset.
        Assert.Contains(Url("backed-off"), (await DueAsync(backedOffUntil.ToOffset(TimeSpan.FromHours(-7)))).Select(d => d.Url));
    }
}

public sealed class SqliteRelayRegistryTests(SqliteDatabase database) : RelayRegistryTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresRelayRegistryTests(PostgresDatabase database) : RelayRegistryTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
