using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Persistence.Maintenance;

namespace Nip66.Persistence.Tests;

/// <summary>Rows and helpers for the maintenance and statistics tests (each test starts from an empty database).</summary>
public static class MaintenanceData
{
    public const string Online = "online";
    public const string Degraded = "degraded";
    public const string Offline = "offline";

    /// <summary>A relay_hourly row as a comparable value.</summary>
    public sealed record HourRow(
        long RelayId, DateTimeOffset Hour, int Checks, int Online, int Degraded, int Offline,
        int? OpenP50, int? OpenP95, int? ReadP50, int? ReadP95, int? WriteP50, int? WriteP95);

    /// <summary>Empties every table of the class's database.</summary>
    public static async Task ResetAsync(this TestDatabase database)
    {
        await using var db = await database.OpenAsync();
        await db.EventDeliveries.ExecuteDeleteAsync();
        await db.PublishedEvents.ExecuteDeleteAsync();
        await db.Cycles.ExecuteDeleteAsync();
        await db.RelayHourly.ExecuteDeleteAsync();
        await db.CheckResults.ExecuteDeleteAsync();
        await db.Relays.ExecuteDeleteAsync();
        await db.CandidateMentions.ExecuteDeleteAsync();
        await db.RelayCandidates.ExecuteDeleteAsync();
        await db.MonitorSettings.ExecuteDeleteAsync();
    }

    public static async Task<long[]> AddRelaysAsync(this TestDatabase database, params string[] names)
    {
        await using var db = await database.OpenAsync();
        var relays = names.Select(n => new Relay { Url = Url(n), AddedAt = DateTimeOffset.UnixEpoch }).ToList();
        db.Relays.AddRange(relays);
        await db.SaveChangesAsync();
        return [.. relays.Select(r => r.Id)];
    }

    public static string Url(string name) => $"wss://{name}.maintenance.example/";

    public static CheckResult Check(long relayId, DateTimeOffset finishedAt, string status, int? open = null, int? read = null, int? write = null) => new()
    {
        RelayId = relayId,
        CycleId = Guid.NewGuid(),
        Status = status,
        RttOpenMs = open,
        RttReadMs = read,
        RttWriteMs = write,
        ChecksJson = "[]",
        StartedAt = finishedAt.AddSeconds(-1),
        FinishedAt = finishedAt,
    };

    public static async Task AddAsync(this TestDatabase database, params IEnumerable<CheckResult> rows)
    {
        await using var db = await database.OpenAsync();
        db.CheckResults.AddRange(rows);
        await db.SaveChangesAsync();
    }

    public static async Task AddHourlyAsync(this TestDatabase database, params IEnumerable<RelayHourly> rows)
    {
        await using var db = await database.OpenAsync();
        db.RelayHourly.AddRange(rows);
        await db.SaveChangesAsync();
    }

    public static async Task<List<HourRow>> HourlyAsync(this TestDatabase database)
    {
        await using var db = await database.OpenAsync();
        var rows = await db.RelayHourly.AsNoTracking().ToListAsync();
        return [.. rows
            .OrderBy(h => h.RelayId).ThenBy(h => h.Hour)
            .Select(h => new HourRow(
                h.RelayId, h.Hour, h.Checks, h.Online, h.Degraded, h.Offline,
                h.RttOpenP50, h.RttOpenP95, h.RttReadP50, h.RttReadP95, h.RttWriteP50, h.RttWriteP95))];
    }

    /// <summary>The finish times of the raw rows left, ascending.</summary>
    public static async Task<List<DateTimeOffset>> RawTimesAsync(this TestDatabase database)
    {
        await using var db = await database.OpenAsync();
        var times = await db.CheckResults.AsNoTracking().Select(c => c.FinishedAt).ToListAsync();
        return [.. times.Order()];
    }

    public static MaintenanceService Maintenance(this TestDatabase database, MaintenanceOptions? options = null, IDbContextFactory<MonitorDbContext>? factory = null,
        DiscoveryOptions? discovery = null) =>
        new(factory ?? database.Factory(), options ?? new MaintenanceOptions(), discovery ?? new DiscoveryOptions(), TimeProvider.System);

    public static IDbContextFactory<MonitorDbContext> Factory(this TestDatabase database) =>
        database.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();

    /// <summary>A 64-hex event id.</summary>
    public static string EventId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
}

/// <summary>A context factory for the class's database with an interceptor, for counting statements.</summary>
public sealed class InterceptedFactory : IDbContextFactory<MonitorDbContext>
{
    readonly Func<MonitorDbContext> _create;

    public InterceptedFactory(TestDatabase database, IInterceptor interceptor)
    {
        var connectionString = database.Options.ConnectionString;
        if (database.Options.Provider == PersistenceProvider.Sqlite)
        {
            var options = new DbContextOptionsBuilder<SqliteMonitorDbContext>().UseSqlite(connectionString).AddInterceptors(interceptor).Options;
            _create = () => new SqliteMonitorDbContext(options);
        }
        else
        {
            var options = new DbContextOptionsBuilder<PostgresMonitorDbContext>().UseNpgsql(connectionString).AddInterceptors(interceptor).Options;
            _create = () => new PostgresMonitorDbContext(options);
        }
    }

    public MonitorDbContext CreateDbContext() => _create();
}

/// <summary>Records every non-query statement (DELETE, UPDATE, INSERT via ExecuteDelete) and how many rows it changed.</summary>
public sealed class StatementRecorder : DbCommandInterceptor
{
    readonly Lock _lock = new();
    readonly List<(string Sql, int Rows)> _nonQueries = [];
    readonly List<string> _queries = [];

    public IReadOnlyList<(string Sql, int Rows)> NonQueries
    {
        get
        {
            lock (_lock)
            {
                return [.. _nonQueries];
            }
        }
    }

    public IReadOnlyList<string> Queries
    {
        get
        {
            lock (_lock)
            {
                return [.. _queries];
            }
        }
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _nonQueries.Add((command.CommandText, result));
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _queries.Add(command.CommandText);
        }

        return ValueTask.FromResult(result);
    }
}

/// <summary>A clock whose time stands still; timers and delays are real.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Keeps the formatted log lines.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    readonly Lock _lock = new();
    readonly List<(string Category, LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    void Add(string category, LogLevel level, string message)
    {
        lock (_lock)
        {
            _entries.Add((category, level, message));
        }
    }

    sealed class ListLogger(ListLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(category, logLevel, formatter(state, exception));
    }
}
