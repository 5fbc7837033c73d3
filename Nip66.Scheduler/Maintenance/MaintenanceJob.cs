using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Persistence.Maintenance;

namespace Nip66.Scheduler.Maintenance;

/// <summary>
/// Runs <see cref="MaintenanceService.RunAsync"/> <see cref="MaintenanceOptions.StartDelay"/> after start, then every
/// <see cref="MaintenanceOptions.Interval"/> (start to start; a run that overruns delays the next tick, never
/// overlaps it). A failed run is logged and retried at the next tick; it never stops the host.
/// </summary>
public sealed partial class MaintenanceJob(
    MaintenanceService maintenance, TimeProvider time, ILogger<MaintenanceJob> logger) : BackgroundService
{
    MaintenanceReport? _lastReport;
    MaintenanceFailure? _lastFailure;
    int _runs;

    /// <summary>The report of the last successful run; null before the first one.</summary>
    public MaintenanceReport? LastReport => Volatile.Read(ref _lastReport);

    /// <summary>The last failed run, if any (it stays after later successes; compare its time with the report's).</summary>
    public MaintenanceFailure? LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>Runs attempted so far, failed or not.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>One run now: the report, or null when it failed (logged, and kept in <see cref="LastFailure"/>).</summary>
    public async Task<MaintenanceReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        try
        {
            var report = await maintenance.RunAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastReport, report);
            LogReport(
                logger, report.HoursRolledUp, report.RollupRowsWritten, report.RawRowsDeleted, report.EventsDeleted,
                report.DeliveriesDeleted, report.CyclesDeleted, report.RollupsDeleted, report.RelaysRetired, (long)report.Duration.TotalMilliseconds);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database is away or a statement failed: nothing is half-done that the next run does not redo.
            Volatile.Write(ref _lastFailure, new MaintenanceFailure(time.GetUtcNow(), $"{e.GetType().Name}: {e.Message}"));
            LogFailed(logger, e, maintenance.Options.Interval);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = maintenance.Options;
        try
        {
            if (options.StartDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.StartDelay, time, stoppingToken).ConfigureAwait(false);
            }

            using var timer = new PeriodicTimer(options.Interval, time);
            do
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message =
        "Maintenance: rolled up {Hours} hours ({RollupRows} relay-hours); deleted {RawRows} check results, {Events} events, " +
        "{Deliveries} deliveries, {Cycles} cycles, {Rollups} hourly rollups; retired {Retired} discovered relays offline too long in {DurationMs} ms")]
    private static partial void LogReport(
        ILogger logger, int hours, int rollupRows, long rawRows, long events, long deliveries, long cycles, long rollups, long retired, long durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Maintenance failed; retrying in {Interval}")]
    private static partial void LogFailed(ILogger logger, Exception exception, TimeSpan interval);
}
