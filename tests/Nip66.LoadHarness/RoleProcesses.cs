using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The distributed pipeline as a user deploys it: <c>nip66 run --roles checker</c>, <c>--roles publisher</c> and
/// <c>--roles persistence</c> as long-running processes, then <c>nip66 run --once --roles scheduler</c> for the cycle.
/// Each process is read from /proc every quarter second; the figures are per process and summed.
/// </summary>
internal static partial class RoleProcesses
{
    private static readonly string[] LongRunning = ["checker", "publisher", "persistence"];

    public static async Task<int> RunCycleAsync(Options options, LoadFleet fleet, string data, double? floorCpu, SerialBound bound, CancellationToken stop)
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        var values = options.MonitorValues(data);
        values["Postgres"] = database.Value;
        values["RabbitMq"] = vhost.Value;
        values["Redis"] = TestServices.Redis;

        // The harness prepares like an operator: schema, topology, relays and the key file that every role loads.
        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        var keys = KeyFile.Create(Path.Combine(data, "monitor.key"));
        using var preparation = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(preparation, settings, stop);
        await preparation.Services.GetRequiredService<IRelayRegistry>().AddAsync(fleet.Relays, allowPrivateAddresses: true, cancellationToken: stop);

        var roles = new List<RoleProcess>();
        try
        {
            foreach (var role in LongRunning)
            {
                roles.Add(await RoleProcess.StartAsync(role, ["run", "--roles", role], values, data, waitUntilReady: true, stop));
            }

            var baseline = roles.ToDictionary(r => r.Role, r => r.Sample() ?? default);
            var watch = Stopwatch.StartNew();
            var scheduler = await RoleProcess.StartAsync("scheduler", ["run", "--once", "--roles", "scheduler"], values, data, waitUntilReady: false, stop);
            roles.Add(scheduler);
            while (!scheduler.HasExited)
            {
                roles.ForEach(r => r.Sample());
                await Task.Delay(250, stop);
            }

            var summary = await File.ReadAllTextAsync(scheduler.LogPath, stop);
            var cycle = CycleLine().Match(summary);
            if (scheduler.ExitCode != 0 || !cycle.Success)
            {
                Console.Error.WriteLine($"the scheduler process failed (exit {scheduler.ExitCode}); its log: {scheduler.LogPath}");
                return 1;
            }

            var (checkedCount, cycleSeconds) = (int.Parse(cycle.Groups["checked"].Value, CultureInfo.InvariantCulture), double.Parse(cycle.Groups["seconds"].Value, CultureInfo.InvariantCulture));
            var stored = await WaitUntilStoredAsync(preparation.Services, checkedCount, roles, stop);
            watch.Stop();
            Report(options, roles, baseline, checkedCount, cycleSeconds, watch.Elapsed, stored, floorCpu, bound);
            Console.WriteLine(await BusiestHostTimeline.LineAsync(preparation.Services, bound));
            Console.WriteLine(string.Join(Environment.NewLine, await RttErrors.LinesAsync(preparation.Services, fleet.Endpoints)));
            if (checkedCount < options.Relays || stored < checkedCount)
            {
                // The data folder goes at exit: show what the roles said.
                foreach (var role in roles)
                {
                    Console.Error.WriteLine($"== {role.Role} log (last lines)");
                    Console.Error.WriteLine(string.Join(Environment.NewLine, File.ReadLines(role.LogPath).TakeLast(15)));
                }

                return 1;
            }

            return 0;
        }
        finally
        {
            foreach (var role in roles)
            {
                role.Dispose();
            }
        }
    }

    private static async Task<int> WaitUntilStoredAsync(IServiceProvider services, int expected, List<RoleProcess> roles, CancellationToken stop)
    {
        var databases = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(stop);
            var stored = await db.CheckResults.CountAsync(stop);
            if (stored >= expected || deadline.IsCancellationRequested)
            {
                return stored;
            }

            roles.ForEach(r => r.Sample());
            await Task.Delay(250, stop);
        }
    }

    private static void Report(Options options, List<RoleProcess> roles, Dictionary<string, ProcStat> baseline, int checkedCount,
        double cycleSeconds, TimeSpan untilStored, int stored, double? floorCpu, SerialBound bound)
    {
        var lines = new List<string>
        {
            "mode                 processes (distributed: one process per role, RabbitMQ, Redis, PostgreSQL)",
            $"relays               {options.Relays} ({options.Fleet})",
            $"checked              {checkedCount} ({stored} results stored)",
            $"cycle time           {cycleSeconds:0.0} s (saga start to completion, as the scheduler reports it); {bound.Ratio(cycleSeconds)}",
            $"until stored         {untilStored.TotalSeconds:0.0} s (scheduler process start to all results in the database)",
            $"checks per second    {checkedCount / cycleSeconds:0.0}",
        };
        var total = 0.0;
        foreach (var role in roles)
        {
            var last = role.Last;
            var cpu = last.CpuSeconds - baseline.GetValueOrDefault(role.Role).CpuSeconds;
            total += cpu;
            lines.Add($"  {role.Role,-12}       CPU {cpu,6:0.0} s{(baseline.ContainsKey(role.Role) ? " (since ready)" : " (incl. start-up)")}, peak RSS {last.PeakRssMiB} MiB");
        }

        var perThousand = total * 1000 / Math.Max(1, checkedCount);
        lines.Add($"CPU per 1000 checks  {perThousand:0.00} s ({total:0.0} s over all processes){FloorRatio.Text(perThousand, floorCpu)}");
        Console.WriteLine(string.Join(Environment.NewLine, lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l}"))));
    }

    [GeneratedRegex(@"Cycle \S+: (?<checked>\d+)/\d+ relays checked in (?<seconds>[0-9.]+) s")]
    private static partial Regex CycleLine();

    /// <summary>One <c>nip66</c> process with its log in the data folder and its last /proc reading.</summary>
    private sealed class RoleProcess : IDisposable
    {
        private readonly Process process;

        private RoleProcess(string role, Process process, string logPath)
        {
            Role = role;
            this.process = process;
            LogPath = logPath;
        }

        public string Role { get; }

        public string LogPath { get; }

        public ProcStat Last { get; private set; }

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public static async Task<RoleProcess> StartAsync(string role, string[] args, Dictionary<string, string?> values, string data, bool waitUntilReady,
            CancellationToken stop)
        {
            var port = FreePort();
            var logPath = Path.Combine(data, $"{role}.log");
            // exec keeps the PID, so /proc/PID is the monitor itself and not the shell.
            var command = $"exec dotnet '{Path.Combine(AppContext.BaseDirectory, "nip66.dll")}' {string.Join(' ', args)} > '{logPath}' 2>&1";
            var start = new ProcessStartInfo("bash", ["-c", command]);
            foreach (var (key, value) in values)
            {
                // Upper case: the harness inherits NIP66_POSTGRES and friends, and Linux variables are case-sensitive.
                start.Environment["NIP66_" + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = value;
            }

            start.Environment["NIP66_URLS"] = $"http://127.0.0.1:{port}";
            var roleProcess = new RoleProcess(role, Process.Start(start)!, logPath);
            if (waitUntilReady)
            {
                try
                {
                    await roleProcess.WaitUntilReadyAsync(port, stop);
                }
                catch
                {
                    // Not yet in the caller's list, so nothing else would end it: a monitor left running on its own.
                    roleProcess.Dispose();
                    throw;
                }
            }

            return roleProcess;
        }

        public ProcStat? Sample()
        {
            if (ProcStat.Read(process.Id) is { } stat)
            {
                Last = stat;
                return stat;
            }

            return null;
        }

        private async Task WaitUntilReadyAsync(int port, CancellationToken stop)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), stop)).StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!stop.IsCancellationRequested)
                {
                }

                await Task.Delay(250, stop);
            }

            throw new InvalidOperationException($"the {Role} process did not become ready; its log: {LogPath}");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
