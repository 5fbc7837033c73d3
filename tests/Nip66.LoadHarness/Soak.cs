using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.LoadHarness;

/// <summary>
/// The monitor on its own schedule (a cycle every --interval-seconds) against the fleet for --minutes, with one line per
/// sample: resident memory, GC heap and cycles completed. A flat RSS line over the run is the goal.
/// </summary>
internal static class Soak
{
    public static async Task<int> RunAsync(Options options, LoadFleet fleet, MonitorSettings settings, CancellationToken stop)
    {
        var keys = NostrKeys.Generate();
        using var host = MonitorHost.Build(settings with { Schedule = Every(options.IntervalSeconds), ScheduleText = $"every {options.IntervalSeconds} s" }, keys,
            runCycles: true, Microsoft.Extensions.Logging.LogLevel.Warning, urls: "http://127.0.0.1:0", overrides: fleet.Overrides);
        await using var hostStop = new HostStop(host);
        await MonitorHost.PrepareAsync(host, settings, stop);
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(fleet.Relays, allowPrivateAddresses: true, cancellationToken: stop);
        await host.StartAsync(stop);

        var databases = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        var pid = Environment.ProcessId;
        var watch = Stopwatch.StartNew();
        var samples = new List<ProcStat>();
        Console.WriteLine($"soak: {options.Relays} relays ({options.Fleet}), a cycle every {options.IntervalSeconds} s for {options.Minutes} min, {options.Mode}");
        Console.WriteLine("minute  cycles  RSS MiB  peak MiB  GC heap MiB  CPU s");
        while (watch.Elapsed < TimeSpan.FromMinutes(options.Minutes))
        {
            await Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), stop);
            await using var db = await databases.CreateDbContextAsync(stop);
            var cycles = await db.Cycles.CountAsync(c => c.CompletedAt != null, stop);
            var stat = ProcStat.Read(pid)!.Value;
            samples.Add(stat);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{watch.Elapsed.TotalMinutes,6:0.0}  {cycles,6}  {stat.RssMiB,7}  {stat.PeakRssMiB,8}  {GC.GetGCMemoryInfo().HeapSizeBytes / (1024.0 * 1024),11:0.0}  {stat.CpuSeconds,5:0}"));
        }

        if (samples.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RSS start {samples[0].RssMiB} MiB, end {samples[^1].RssMiB} MiB, highest {samples.Max(s => s.RssMiB)} MiB (first sample after {options.SampleSeconds} s)"));
        }

        return 0;
    }

    /// <summary>A cron expression with seconds for the interval; cron steps must divide the minute or the hour.</summary>
    private static Cronos.CronExpression Every(int seconds) => seconds switch
    {
        > 0 and < 60 when 60 % seconds == 0 => Cronos.CronExpression.Parse($"*/{seconds} * * * * *", Cronos.CronFormat.IncludeSeconds),
        >= 60 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => Cronos.CronExpression.Parse($"0 */{seconds / 60} * * * *", Cronos.CronFormat.IncludeSeconds),
        _ => throw new ArgumentException("--interval-seconds must divide a minute (5, 10, 15, 20, 30) or be whole minutes dividing an hour (60, 120, 300, ...)"),
    };
}
