using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Persistence.Maintenance;
using Nip66.Scheduler.Maintenance;
using static Nip66.Persistence.Tests.MaintenanceData;

namespace Nip66.Persistence.Tests;

public abstract class MaintenanceJobTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : TestDatabase
{
    static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_job_runs_after_its_delay_then_every_interval_and_keeps_the_last_report()
    {
        var relay = (await database.AddRelaysAsync("job"))[0];
        await database.AddAsync(Check(relay, Now.AddDays(-40), Online, open: 10), Check(relay, Now.AddHours(-2), Offline));
        var logs = new ListLoggerProvider();
        await using var services = database.BuildServices(s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddSingleton<TimeProvider>(new FixedClock(Now));
            s.AddMaintenance(new MaintenanceOptions { StartDelay = TimeSpan.FromMilliseconds(300), Interval = TimeSpan.FromMilliseconds(200) });
        });
        var job = services.GetRequiredService<MaintenanceJob>();
        Assert.Same(job, services.GetServices<IHostedService>().OfType<MaintenanceJob>().Single());

        await job.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(0, job.Runs);
            Assert.Null(job.LastReport);
            await Eventually.TrueAsync(() => Task.FromResult(JobLines(logs).Count >= 3), "three maintenance reports", 30);
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }

        var report = job.LastReport;
        Assert.NotNull(report);
        Assert.Equal(Now, report.At);
        Assert.Null(job.LastFailure);
        Assert.False(job.ExecuteTask!.IsFaulted);

        // The first run rolled up both hours and deleted the old row; the report says so in one line.
        Assert.Equal(2, (await database.HourlyAsync()).Count);
        Assert.Equal([Now.AddHours(-2)], await database.RawTimesAsync());
        var lines = JobLines(logs);
        Assert.True(job.Runs >= 3);
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.StartsWith("Maintenance: rolled up 2 hours (2 relay-hours); deleted 1 check results, 0 events, 0 deliveries, 0 cycles, 0 hourly rollups; retired 0 discovered relays offline too long in ", lines[0].Message, StringComparison.Ordinal);
    }

    static List<(string Category, LogLevel Level, string Message)> JobLines(ListLoggerProvider logs) =>
        [.. logs.Entries.Where(e => e.Category == typeof(MaintenanceJob).FullName)];

    [Fact]
    public async Task Registration_validates_the_options()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddMaintenance(new MaintenanceOptions { RawRetention = TimeSpan.FromHours(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddMaintenance(new MaintenanceOptions { StartDelay = TimeSpan.FromSeconds(-1) }));
        Assert.Empty(services);

        // A long start delay: nothing runs yet.
        await using var provider = database.BuildServices(s => s.AddMaintenance(new MaintenanceOptions()));
        var job = provider.GetRequiredService<MaintenanceJob>();
        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<MaintenanceOptions>().StartDelay);
        await job.StartAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.Equal(0, job.Runs);
        await job.StopAsync(CancellationToken.None);

        // Stopped cleanly: ran to completion, or canceled if the thread pool had not started it yet (.NET 10 starts
        // ExecuteAsync with Task.Run on the stopping token; a loaded CI machine left it unstarted for 300 ms once).
        Assert.True(job.ExecuteTask!.IsCompleted);
        Assert.False(job.ExecuteTask.IsFaulted);
    }
}

public sealed class SqliteMaintenanceJobTests(SqliteDatabase database) : MaintenanceJobTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresMaintenanceJobTests(PostgresDatabase database) : MaintenanceJobTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;

public sealed class MaintenanceJobFailureTests
{
    [Fact]
    public async Task A_failing_run_is_logged_and_retried_without_stopping_the_host()
    {
        // A SQLite database that was never migrated: every run fails on a missing table.
        var folder = Path.Combine(Path.GetTempPath(), "nip66-persistence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var logs = new ListLoggerProvider();
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.AddProvider(logs));
        collection.AddPersistence(PersistenceOptions.ForSqliteFolder(folder));
        collection.AddMaintenance(new MaintenanceOptions { StartDelay = TimeSpan.Zero, Interval = TimeSpan.FromMilliseconds(100) });
        await using (var services = collection.BuildServiceProvider())
        {
            var job = services.GetRequiredService<MaintenanceJob>();
            await job.StartAsync(CancellationToken.None);
            await Eventually.TrueAsync(() => Task.FromResult(job.Runs >= 3), "three failed runs", 30);
            Assert.False(job.ExecuteTask!.IsCompleted);
            await job.StopAsync(CancellationToken.None);

            Assert.Null(job.LastReport);
            Assert.NotNull(job.LastFailure);
            Assert.Contains("no such table", job.LastFailure.Error, StringComparison.Ordinal);
            Assert.True(job.ExecuteTask.IsCompletedSuccessfully);
            var errors = logs.Entries.Where(e => e.Level == LogLevel.Error && e.Category == typeof(MaintenanceJob).FullName).ToList();
            Assert.True(errors.Count >= 3);
            Assert.StartsWith("Maintenance failed; retrying in 00:00:00.1", errors[0].Message, StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
