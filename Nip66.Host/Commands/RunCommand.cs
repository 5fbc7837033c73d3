using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Persistence.ReadSide;
using Nip66.Scheduler;

namespace Nip66.Host.Commands;

/// <summary><c>nip66 run [--once]</c>: the monitor, with the roles and mode that configuration chooses.</summary>
public static class RunCommand
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StoppedSummaryTimeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout)
    {
        var reader = new ArgReader(args, MonitorConfiguration.CommonValueOptions, new HashSet<string> { "--once" });
        if (reader.Positionals.Count > 0)
        {
            throw new UsageException($"run takes no arguments, got '{reader.Positionals[0]}'");
        }

        var config = MonitorConfiguration.Build(reader);
        var settings = Settings(config);
        var once = reader.Flag("--once");
        if (once && !settings.Roles.HasFlag(Configuration.MonitorRoles.Scheduler))
        {
            throw new UsageException("--once needs the scheduler role");
        }

        var keys = MonitorConfiguration.ResolveKeys(config, settings, stdout);
        // One cycle needs no fixed port: a monitor may already be serving on the default one.
        using var host = MonitorHost.Build(settings, keys, runCycles: !once, urls: once ? "http://127.0.0.1:0" : null);
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var signal = host.Services.GetRequiredService<SignalLifetime>();
        signal.Listen();
        if (!once)
        {
            try
            {
                await MonitorHost.PrepareAsync(host, settings, stopping);
                var identity = keys is null ? "(roles that sign nothing, no key loaded)" : keys.Npub;
                await stdout.WriteLineAsync($"Monitor {identity}: {settings.Mode.ToString().ToLowerInvariant()} mode, roles {settings.Roles}, schedule '{settings.ScheduleText}'");
                await host.StartAsync(stopping);
                await Task.Delay(Timeout.Infinite, stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // A stop, also one that came while starting (migrations, a broker that does not answer yet): the
                // interrupted step ends in whatever it threw (MassTransit: its last connection failure, logged).
            }
            finally
            {
                // Always, also after a start the stop interrupted: the bus may already run checks, and only a stop
                // gives them their bounded grace (a host disposed without one waits for its consumers).
                await host.StopAsync();
            }

            return 0;
        }

        StartedCycle? cycle = null;
        try
        {
            await MonitorHost.PrepareAsync(host, settings, stopping);
            await host.StartAsync();
            cycle = await OneCycle.StartAsync(host.Services, settings, stopping);
            await stdout.WriteLineAsync($"Cycle {cycle.CycleId} started: {cycle.Expected} relays to check");
            var completed = await OneCycle.FinishAsync(host.Services, settings, cycle, DrainTimeout, stopping);
            await stdout.WriteAsync(await SummaryAsync(host.Services, completed, settings));
            return 0;
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Whatever the stop interrupted threw (a cancellation, or a broker connect's last failure), this is a stop.
            await stdout.WriteAsync(await StoppedSummaryAsync(host.Services, settings, cycle, signal));
            return signal.ExitCode;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    internal static MonitorSettings Settings(Microsoft.Extensions.Configuration.IConfiguration config)
    {
        try
        {
            return MonitorSettings.Load(config);
        }
        catch (ConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static async Task<string> SummaryAsync(IServiceProvider services, CycleCompleted completed, MonitorSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Cycle {completed.CycleId}: {completed.Checked}/{completed.Expected} relays checked in {completed.Duration.TotalSeconds:0.0} s{(completed.TimedOut ? " (deadline reached)" : string.Empty)}");
        var (events, details) = await StoredAsync(services, completed.CycleId, settings, CancellationToken.None);
        text.AppendLine(CultureInfo.InvariantCulture, $"  online {completed.Online}, degraded {completed.Degraded}, offline {completed.Offline}; 30166 events signed: {events}");
        text.Append(details);
        if (completed.MissedIndexes.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  missed: {completed.MissedIndexes.Count} relays had no result before the deadline");
        }

        return text.ToString();
    }

    /// <summary>
    /// What a stopped <c>run --once</c> got: what is stored of its cycle and what is still missing, read within
    /// <see cref="StoppedSummaryTimeout"/> so that a database that no longer answers cannot hold the stop.
    /// </summary>
    private static async Task<string> StoppedSummaryAsync(IServiceProvider services, MonitorSettings settings, StartedCycle? cycle, SignalLifetime signal)
    {
        if (cycle is null)
        {
            return $"Stopped by {signal.Name} before the cycle started: nothing checked{Environment.NewLine}";
        }

        using var timeout = new CancellationTokenSource(StoppedSummaryTimeout);
        var text = new StringBuilder();
        try
        {
            var progress = await OneCycle.ProgressAsync(services, settings, cycle, timeout.Token);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Stopped by {signal.Name} before cycle {cycle.CycleId} finished: {progress.Checked} of {progress.Expected} relays checked, {progress.Missing} missing; " +
                $"30166 events signed: {progress.EventsSigned}, still to sign: {progress.ChecksUnsigned}, deliveries recorded: {progress.DeliveriesRecorded}, pending: {progress.DeliveriesPending}");
            text.Append((await StoredAsync(services, cycle.CycleId, settings, timeout.Token)).Details);
        }
        catch (Exception e) when (e is OperationCanceledException || e is DbException)
        {
            if (text.Length == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"Stopped by {signal.Name} before cycle {cycle.CycleId} of {cycle.Expected} relays finished");
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"  (what is stored of it is unknown: {(e is OperationCanceledException ? $"the database gave no answer within {StoppedSummaryTimeout.TotalSeconds:0} s" : e.Message)})");
        }

        return text.ToString();
    }

    /// <summary>The 30166 events signed for a cycle, and lines for the deliveries per publish relay and each stored result.</summary>
    private static async Task<(int Events, string Details)> StoredAsync(IServiceProvider services, Guid cycleId, MonitorSettings settings, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<CycleQueries>().ReportAsync(cycleId, settings.PublishRelays, cancellationToken);
        var text = new StringBuilder();
        foreach (var publish in report.Publish)
        {
            var outcomes = publish.Counts.Select(c => $"{c.Key} {c.Value}");
            text.AppendLine(CultureInfo.InvariantCulture, $"  published to {publish.PublishRelay}: {string.Join(", ", outcomes.DefaultIfEmpty("nothing yet"))}");
        }

        foreach (var r in report.Results)
        {
            var failure = r.FailureClass is null ? string.Empty : $" {r.FailureCheck}: {r.FailureClass}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {r.Status,-8} {r.Url} open {Ms(r.Rtt.Open)} read {Ms(r.Rtt.Read)} write {Ms(r.Rtt.Write)}{failure}");
        }

        return (report.EventsSigned, text.ToString());
    }

    private static string Ms(int? value) => value is { } ms ? $"{ms}ms" : "-";
}
