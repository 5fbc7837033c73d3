using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nip66.Persistence;
using Nip66.Persistence.Maintenance;
using Npgsql;
using NpgsqlTypes;

namespace Nip66.LoadHarness;

/// <summary>
/// Fills a migrated, empty monitor database with the history of a long-running monitor: relays, one cycle every
/// <c>24 h / cyclesPerDay</c> for <c>days</c>, the raw check_results of the last <c>rawDays</c>, and the relay_hourly
/// rollups of every complete hour, computed from the same samples by <see cref="MaintenanceService.Summarize"/>.
/// </summary>
/// <remarks>
/// Every relay has a fixed character by its index, so that filters have something to find: 5% never open
/// (offline, <c>refused</c>), 10% answer half the time, 10% are up but need auth to read (degraded), the rest are
/// online 99% of the time; 2% are Tor relays. Round trips are 20–500 ms. Rows go in with the providers' bulk paths
/// (one prepared statement per transaction on SQLite, binary COPY on PostgreSQL).
/// </remarks>
internal sealed class ReadSideSeed(int relays, int days, int rawDays, int cyclesPerDay, DateTimeOffset now)
{
    const string Online = "online";
    const string Degraded = "degraded";
    const string Offline = "offline";

    public int Cycles => days * cyclesPerDay;

    TimeSpan Period => TimeSpan.FromDays(1) / cyclesPerDay;

    DateTimeOffset CycleAt(int cycle) => now - ((Cycles - cycle) * Period);

    public static string UrlOf(int relay) => relay % 50 == 7
        ? $"ws://{relay.ToString("x", CultureInfo.InvariantCulture).PadLeft(56, 'a')}.onion/"
        : $"wss://relay-{relay}.host-{relay % 250}.example/";

    public async Task SeedAsync(MonitorDbContext db, TextWriter log, CancellationToken stop)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(stop);
        var sqlite = connection is SqliteConnection;
        if (sqlite)
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = OFF");
        }

        var relayIds = new long[relays];
        var latest = new MaintenanceService.Sample?[relays];
        var lastOnline = new DateTimeOffset?[relays];
        db.Relays.AddRange(Enumerable.Range(0, relays).Select(i => new Relay { Url = UrlOf(i), Network = PersistenceNames.NetworkOf(UrlOf(i)), AddedAt = CycleAt(0) - TimeSpan.FromDays(1) }));
        await db.SaveChangesAsync(stop);
        var ids = await db.Relays.AsNoTracking().ToDictionaryAsync(r => r.Url, r => r.Id, stop);
        for (var i = 0; i < relays; i++)
        {
            relayIds[i] = ids[UrlOf(i)];
        }

        db.ChangeTracker.Clear();
        var rawFrom = now - TimeSpan.FromDays(rawDays);
        var hourSamples = new List<MaintenanceService.Sample>();
        var hour = MaintenanceService.FloorHour(CycleAt(0));
        long raw = 0, rollups = 0;
        IRowWriter RawWriter() => sqlite ? new SqliteRows(connection, CheckResultInsert) : new PostgresRows((NpgsqlConnection)connection, CheckResultCopy);
        var rawWriter = RawWriter();
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            stop.ThrowIfCancellationRequested();
            var at = CycleAt(cycle);
            if (MaintenanceService.FloorHour(at) != hour)
            {
                // One bulk operation at a time on the connection: this hour's raw rows, then its rollups.
                await rawWriter.DisposeAsync();
                rawWriter = RawWriter();
                rollups += await WriteRollupsAsync(connection, sqlite, hourSamples);
                hourSamples.Clear();
                hour = MaintenanceService.FloorHour(at);
            }

            var cycleId = Guid.NewGuid();
            var counts = new int[3];
            for (var i = 0; i < relays; i++)
            {
                var sample = SampleOf(i, relayIds[i], cycle, at);
                hourSamples.Add(sample);
                latest[i] = sample;
                counts[sample.Status == Online ? 0 : sample.Status == Degraded ? 1 : 2]++;
                if (sample.Status != Offline)
                {
                    lastOnline[i] = at;
                }

                if (at >= rawFrom)
                {
                    await rawWriter.WriteAsync(CheckResultValues(sample, cycleId, sqlite));
                    raw++;
                }
            }

            db.Cycles.Add(new Cycle
            {
                Id = cycleId,
                StartedAt = at - TimeSpan.FromSeconds(70),
                Deadline = at + Period,
                Expected = relays,
                Checked = relays,
                Online = counts[0],
                Degraded = counts[1],
                Offline = counts[2],
                CompletedAt = at,
                RelayUrlsJson = "[]",
            });
            if (cycle % 100 == 99)
            {
                await log.WriteLineAsync($"  seeded {cycle + 1}/{Cycles} cycles ({raw} raw rows, {rollups} rollups)");
            }
        }

        await rawWriter.DisposeAsync();
        // The hour under way is not complete: maintenance would not have rolled it up yet.
        await db.SaveChangesAsync(stop);
        db.ChangeTracker.Clear();
        var relayRows = await db.Relays.ToListAsync(stop);
        var indexOf = Enumerable.Range(0, relays).ToDictionary(i => relayIds[i]);
        foreach (var relay in relayRows)
        {
            var index = indexOf[relay.Id];
            var last = latest[index]!.Value;
            relay.LastStatus = last.Status;
            relay.LastCheckedAt = last.FinishedAt;
            relay.LastOnlineAt = lastOnline[index];
            relay.LastFailureClass = last.Status == Online ? null : last.Status == Degraded ? "auth-required" : "refused";
            (relay.LastRttOpenMs, relay.LastRttReadMs, relay.LastRttWriteMs) = (last.RttOpenMs, last.RttReadMs, last.RttWriteMs);
        }

        await db.SaveChangesAsync(stop);
        // What autovacuum and a long-running database would have done: statistics, and (PostgreSQL) the visibility map
        // that lets an index-only scan skip the table.
        await ExecuteAsync(connection, sqlite ? "ANALYZE" : "VACUUM ANALYZE");
        await log.WriteLineAsync($"  seeded {relays} relays, {Cycles} cycles, {raw} raw check results, {rollups} hourly rollups");
    }

    static MaintenanceService.Sample SampleOf(int relay, long relayId, int cycle, DateTimeOffset at)
    {
        var roll = Hash(relay, cycle);
        var status = (relay % 20) switch
        {
            0 => Offline,
            1 or 2 => roll % 2 == 0 ? Online : Offline,
            3 or 4 => Degraded,
            _ => roll % 100 == 0 ? Offline : Online,
        };
        int? Rtt(int salt) => status == Offline ? null : 20 + (int)(Hash(relay, cycle * 7 + salt) % 480);
        return new MaintenanceService.Sample(relayId, at, status, Rtt(1), status == Online ? Rtt(2) : null, status == Online ? Rtt(3) : null);
    }

    static uint Hash(int a, int b)
    {
        var x = (uint)a * 2654435761u ^ (uint)b * 2246822519u;
        x ^= x >> 15;
        x *= 2246822519u;
        x ^= x >> 13;
        return x;
    }

    static async Task<long> WriteRollupsAsync(DbConnection connection, bool sqlite, List<MaintenanceService.Sample> samples)
    {
        var rows = MaintenanceService.Summarize(samples);
        await using var writer = sqlite ? (IRowWriter)new SqliteRows(connection, HourlyInsert) : new PostgresRows((NpgsqlConnection)connection, HourlyCopy);
        foreach (var h in rows)
        {
            object? hour = sqlite ? h.Hour.UtcTicks : h.Hour;
            await writer.WriteAsync([h.RelayId, hour, h.Checks, h.Online, h.Degraded, h.Offline,
                h.RttOpenP50, h.RttOpenP95, h.RttReadP50, h.RttReadP95, h.RttWriteP50, h.RttWriteP95]);
        }

        return rows.Count;
    }

    static object?[] CheckResultValues(MaintenanceService.Sample s, Guid cycleId, bool sqlite)
    {
        var failureClass = s.Status == Online ? null : s.Status == Degraded ? "auth-required" : "refused";
        var failureCheck = s.Status == Online ? null : s.Status == Degraded ? "read" : "open";
        var started = s.FinishedAt - TimeSpan.FromSeconds(1);
        return sqlite
            ? [s.RelayId, cycleId.ToString().ToUpperInvariant(), s.Status, s.RttOpenMs, s.RttReadMs, s.RttWriteMs, failureCheck, failureClass, null,
                s.Status != Offline, "[]", started.UtcTicks, s.FinishedAt.UtcTicks]
            : [s.RelayId, cycleId, s.Status, s.RttOpenMs, s.RttReadMs, s.RttWriteMs, failureCheck, failureClass, null,
                s.Status != Offline, "[]", started, s.FinishedAt];
    }

    const string CheckResultColumns = "relay_id, cycle_id, status, rtt_open_ms, rtt_read_ms, rtt_write_ms, failure_check, failure_class, failure_message, publishable, checks_json, started_at, finished_at";
    const string HourlyColumns = "relay_id, hour, checks, online, degraded, offline, rtt_open_p50, rtt_open_p95, rtt_read_p50, rtt_read_p95, rtt_write_p50, rtt_write_p95";

    static readonly string CheckResultInsert = $"INSERT INTO check_results ({CheckResultColumns}) VALUES ({Parameters(13)})";
    static readonly string HourlyInsert = $"INSERT INTO relay_hourly ({HourlyColumns}) VALUES ({Parameters(12)})";

    static readonly (string Sql, NpgsqlDbType[] Types) CheckResultCopy = ($"COPY check_results ({CheckResultColumns}) FROM STDIN (FORMAT BINARY)",
    [
        NpgsqlDbType.Bigint, NpgsqlDbType.Uuid, NpgsqlDbType.Varchar, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer,
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Text, NpgsqlDbType.Boolean, NpgsqlDbType.Jsonb, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
    ]);

    static readonly (string Sql, NpgsqlDbType[] Types) HourlyCopy = ($"COPY relay_hourly ({HourlyColumns}) FROM STDIN (FORMAT BINARY)",
    [
        NpgsqlDbType.Bigint, NpgsqlDbType.TimestampTz, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer,
        NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer, NpgsqlDbType.Integer,
    ]);

    static string Parameters(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"$p{i}"));

    static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    interface IRowWriter : IAsyncDisposable
    {
        Task WriteAsync(object?[] values);
    }

    /// <summary>One prepared INSERT, committed every 50,000 rows.</summary>
    sealed class SqliteRows : IRowWriter
    {
        readonly DbConnection connection;
        readonly string sql;
        DbTransaction? transaction;
        DbCommand? command;
        int rows;

        public SqliteRows(DbConnection connection, string sql)
        {
            this.connection = connection;
            this.sql = sql;
        }

        public async Task WriteAsync(object?[] values)
        {
            if (command is null)
            {
                transaction = await connection.BeginTransactionAsync();
                command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                for (var i = 0; i < values.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"$p{i}";
                    command.Parameters.Add(parameter);
                }

                await command.PrepareAsync();
            }

            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
            if (++rows % 50_000 == 0)
            {
                await DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                await command!.DisposeAsync();
                (transaction, command) = (null, null);
            }
        }
    }

    /// <summary>Binary COPY; completed on dispose.</summary>
    sealed class PostgresRows(NpgsqlConnection connection, (string Sql, NpgsqlDbType[] Types) copy) : IRowWriter
    {
        NpgsqlBinaryImporter? importer;

        public async Task WriteAsync(object?[] values)
        {
            importer ??= await connection.BeginBinaryImportAsync(copy.Sql);
            await importer.StartRowAsync();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(values[i], copy.Types[i]);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (importer is not null)
            {
                await importer.CompleteAsync();
                await importer.DisposeAsync();
                importer = null;
            }
        }
    }
}
