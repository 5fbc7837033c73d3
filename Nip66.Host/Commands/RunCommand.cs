using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Persistence;
using Nip66.Scheduler;

namespace Nip66.Host.Commands;

/// <summary><c>nip66 run [--once]</c>: the monitor, with the roles and mode that configuration chooses.</summary>
public static class RunCommand
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(60);

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
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        if (!once)
        {
            await stdout.WriteLineAsync($"Monitor {keys.Npub}: {settings.Mode.ToString().ToLowerInvariant()} mode, roles {settings.Roles}, schedule '{settings.ScheduleText}'");
            await host.RunAsync();
            return 0;
        }

        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, DrainTimeout);
            await stdout.WriteAsync(await SummaryAsync(host.Services, completed, settings));
        }
        finally
        {
            await host.StopAsync();
        }

        return 0;
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
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        var results = await db.CheckResults.AsNoTracking().Where(r => r.CycleId == completed.CycleId)
            .Select(r => new { r.Relay!.Url, r.Status, r.RttOpenMs, r.RttReadMs, r.RttWriteMs, r.FailureCheck, r.FailureClass })
            .ToListAsync();
        var events = await db.PublishedEvents.AsNoTracking().Where(e => e.CycleId == completed.CycleId).Select(e => e.EventId).ToListAsync();
        var deliveries = await db.EventDeliveries.AsNoTracking().Where(d => events.Contains(d.EventId)).ToListAsync();
        var text = new System.Text.StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Cycle {completed.CycleId}: {completed.Checked}/{completed.Expected} relays checked in {completed.Duration.TotalSeconds:0.0} s{(completed.TimedOut ? " (deadline reached)" : string.Empty)}");
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"  online {completed.Online}, degraded {completed.Degraded}, offline {completed.Offline}; 30166 events signed: {events.Count}");
        foreach (var relay in settings.PublishRelays)
        {
            // Each delivery as its latest attempt shows it: done (accepted, refused, failed) or still retrying.
            var outcomes = deliveries.Where(d => d.PublishRelay == relay).GroupBy(d => d.EventId).Select(g => g.MaxBy(d => d.At)!)
                .GroupBy(d => d.RetryAt is null ? d.Outcome : "retrying").Select(g => $"{g.Key} {g.Count()}");
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  published to {relay}: {string.Join(", ", outcomes.DefaultIfEmpty("nothing yet"))}");
        }

        foreach (var r in results.OrderBy(r => r.Url, StringComparer.Ordinal))
        {
            var failure = r.FailureClass is null ? string.Empty : $" {r.FailureCheck}: {r.FailureClass}";
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {r.Status,-8} {r.Url} open {Ms(r.RttOpenMs)} read {Ms(r.RttReadMs)} write {Ms(r.RttWriteMs)}{failure}");
        }

        if (completed.MissedIndexes.Count > 0)
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  missed: {completed.MissedIndexes.Count} relays had no result before the deadline");
        }

        return text.ToString();
    }

    private static string Ms(int? value) => value is { } ms ? $"{ms}ms" : "-";
}
