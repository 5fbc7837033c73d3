using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Tests;

public abstract class MigrationTests<TDatabase>(TDatabase database)
    where TDatabase : TestDatabase
{
    [Fact]
    public async Task Migrations_are_applied_and_match_the_model()
    {
        await using var db = await database.OpenAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(
            ["Initial", "AddHourlyRollups", "AddRelayOrigin", "AddStrainBackoff", "RecordEveryDeliveryAttempt", "RecordPublishableChecks", "RelayLatestRttAndNetwork",
                "RelayDiscovery", "CandidateLastCycle"],
            (await db.Database.GetAppliedMigrationsAsync()).Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add a migration.");

        // Every table answers.
        Assert.Equal(0, await db.Cycles.CountAsync());
        Assert.Equal(0, await db.PublishedEvents.CountAsync());
        Assert.Equal(0, await db.EventDeliveries.CountAsync());
        Assert.Equal(0, await db.CheckResults.CountAsync());
        Assert.Equal(0, await db.RelayHourly.CountAsync());
        Assert.True(await db.Relays.CountAsync() >= 0);
        Assert.True(await db.MonitorSettings.CountAsync() >= 0);

        // Migrating again is a no-op.
        await MonitorDatabase.MigrateAsync(database.Services);
    }

    [Fact]
    public async Task Tables_and_columns_are_snake_case()
    {
        await using var db = await database.OpenAsync();
        var relays = db.Model.FindEntityType(typeof(Relay))!;
        Assert.Equal("relays", relays.GetTableName());
        Assert.Equal("consecutive_failures", relays.FindProperty(nameof(Relay.ConsecutiveFailures))!.GetColumnName());
        Assert.Equal("nip11_json", relays.FindProperty(nameof(Relay.Nip11Json))!.GetColumnName());
        Assert.Equal("origin", relays.FindProperty(nameof(Relay.Origin))!.GetColumnName());
        var hourly = db.Model.FindEntityType(typeof(RelayHourly))!;
        Assert.Equal(
            ["relay_id", "hour", "checks", "online", "degraded", "offline", "rtt_open_p50", "rtt_open_p95", "rtt_read_p50", "rtt_read_p95", "rtt_write_p50", "rtt_write_p95"],
            new[]
            {
                nameof(RelayHourly.RelayId), nameof(RelayHourly.Hour), nameof(RelayHourly.Checks), nameof(RelayHourly.Online),
                nameof(RelayHourly.Degraded), nameof(RelayHourly.Offline), nameof(RelayHourly.RttOpenP50), nameof(RelayHourly.RttOpenP95),
                nameof(RelayHourly.RttReadP50), nameof(RelayHourly.RttReadP95), nameof(RelayHourly.RttWriteP50), nameof(RelayHourly.RttWriteP95),
            }.Select(p => hourly.FindProperty(p)!.GetColumnName()));
        Assert.Equal(["relay_id", "hour"], hourly.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName()));
        Assert.Equal(
            ["candidate_mentions", "check_results", "cycles", "discovery_cursors", "event_deliveries", "monitor_settings", "published_events", "relay_candidates",
                "relay_hourly", "relays"],
            db.Model.GetEntityTypes().Select(e => e.GetTableName()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Times_keep_their_instant_and_order_in_the_database()
    {
        var tag = Guid.NewGuid().ToString("N");
        await using (var db = await database.OpenAsync())
        {
            // Same wall-clock digits, different offsets: the order is by instant, not by text.
            db.Relays.AddRange(
                new Relay { Url = $"wss://a.{tag}.example/", AddedAt = Checks.T0, NextCheckAt = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(-5)) },
                new Relay { Url = $"wss://b.{tag}.example/", AddedAt = Checks.T0, NextCheckAt = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.FromHours(5)) });
            db.MonitorSettings.Add(new MonitorSetting { Key = $"test.{tag}", Value = "42" });
            await db.SaveChangesAsync();
        }

        await using (var db = await database.OpenAsync())
        {
            var ordered = await db.Relays.AsNoTracking()
                .Where(r => r.Url.Contains(tag))
                .OrderBy(r => r.NextCheckAt)
                .ToListAsync();
            Assert.Equal([$"wss://b.{tag}.example/", $"wss://a.{tag}.example/"], ordered.Select(r => r.Url));
            Checks.SameInstant(Checks.T0, ordered[0].AddedAt);
            Assert.Equal(TimeSpan.Zero, ordered[0].AddedAt.Offset);

            var limit = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(
                [$"wss://b.{tag}.example/"],
                await db.Relays.Where(r => r.Url.Contains(tag) && r.NextCheckAt <= limit).Select(r => r.Url).ToListAsync());
            Assert.Equal("42", (await db.MonitorSettings.SingleAsync(s => s.Key == $"test.{tag}")).Value);
        }
    }
}

public sealed class SqliteMigrationTests(SqliteDatabase database) : MigrationTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresMigrationTests(PostgresDatabase database) : MigrationTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
