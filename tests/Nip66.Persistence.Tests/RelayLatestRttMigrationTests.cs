using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nip66.Persistence.Tests;

/// <summary>
/// RelayLatestRttAndNetwork on a database with history: relays stored before it get the network of their URL's host
/// and the round trips of their newest check, so the read side can filter and sort them at once.
/// </summary>
public abstract class RelayLatestRttMigrationTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    const string Before = "RecordPublishableChecks";

    [Fact]
    public async Task Existing_relays_get_their_network_and_latest_round_trips()
    {
        string[] urls = ["wss://a.example/", "ws://xyz.onion:81/", "wss://b.example/path.onion/x", "ws://q.i2p/", "wss://never.example/"];
        await using (var db = await database.OpenAsync())
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Before);
            var sqlite = db.Database.IsSqlite();
            object At(int minutes) => sqlite ? Checks.T0.AddMinutes(minutes).UtcTicks : Checks.T0.AddMinutes(minutes).ToUniversalTime();
            for (var i = 0; i < urls.Length; i++)
            {
                const string Relay = "INSERT INTO relays (id, url, enabled, priority, origin, added_at, consecutive_failures, consecutive_strained_checks, last_checked_at) ";
                await db.Database.ExecuteSqlRawAsync(
                    i == 4 ? Relay + "VALUES ({0}, {1}, {2}, 0, 0, {3}, 0, 0, NULL)" : Relay + "VALUES ({0}, {1}, {2}, 0, 0, {3}, 0, 0, {3})",
                    i + 1, urls[i], true, At(0));
            }

            // Relay 1: an older check and the newest one (a read it did not measure); relay 2: one check in between.
            const string Check = "INSERT INTO check_results (relay_id, cycle_id, status, rtt_open_ms, rtt_read_ms, rtt_write_ms, publishable, checks_json, started_at, finished_at) ";
            object Cycle() => sqlite ? Guid.NewGuid().ToString() : Guid.NewGuid();
            await db.Database.ExecuteSqlRawAsync(Check + "VALUES (1, {0}, 'online', 10, 20, 30, {1}, '[]', {2}, {2})", Cycle(), true, At(10));
            await db.Database.ExecuteSqlRawAsync(Check + "VALUES (1, {0}, 'online', 11, NULL, 33, {1}, '[]', {2}, {2})", Cycle(), true, At(20));
            await db.Database.ExecuteSqlRawAsync(Check + "VALUES (2, {0}, 'online', 99, 98, 97, {1}, '[]', {2}, {2})", Cycle(), true, At(15));
            await migrator.MigrateAsync();
        }

        await using (var db = await database.OpenAsync())
        {
            var relays = await db.Relays.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
            Assert.Equal(["clearnet", "tor", "clearnet", "i2p", "clearnet"], relays.Select(r => r.Network));
            Assert.Equal((11, null, 33), (relays[0].LastRttOpenMs, relays[0].LastRttReadMs, relays[0].LastRttWriteMs));
            Assert.Equal((99, 98, 97), (relays[1].LastRttOpenMs, relays[1].LastRttReadMs, relays[1].LastRttWriteMs));
            Assert.Equal((null, null, null), (relays[4].LastRttOpenMs, relays[4].LastRttReadMs, relays[4].LastRttWriteMs));
            Assert.Equal(urls.Select(PersistenceNames.NetworkOf), relays.Select(r => r.Network));
        }
    }

}

public sealed class SqliteRelayLatestRttMigrationTests(SqliteDatabase database) : RelayLatestRttMigrationTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresRelayLatestRttMigrationTests(PostgresDatabase database) : RelayLatestRttMigrationTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
