using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

// A load harness, not a test: one cycle over a fleet of relay endpoints on loopback, with the figures printed.
//   dotnet run -c Release --project tests/Nip66.LoadHarness -- cycle --relays 1000 --hosts 50 [--mode embedded|distributed]
//        [--hang-percent 0] [--refuse-percent 0] [--min-latency 20] [--max-latency 200] [--timeout-ms 10000] [--concurrency 50]
// The fleet runs in a child process so that the figures are the monitor's alone.
var options = Options.Parse(args);
if (options.Command == "fleet")
{
    await using var fleet = await HostileRelay.StartAsync([.. Enumerable.Range(1, options.Hosts).Select(i => $"127.0.0.{i}")]);
    Console.WriteLine(JsonSerializer.Serialize(fleet.BaseUrls));
    await Console.In.ReadToEndAsync();
    return 0;
}

using var fleetProcess = Process.Start(new ProcessStartInfo("dotnet", [typeof(Options).Assembly.Location, "fleet", "--hosts", options.Hosts.ToString(CultureInfo.InvariantCulture)])
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,
})!;
var baseUrls = JsonSerializer.Deserialize<string[]>(await fleetProcess.StandardOutput.ReadLineAsync() ?? "[]")!;
var random = new Random(66);
var relays = Enumerable.Range(0, options.Relays).Select(i =>
{
    var roll = random.Next(100);
    var host = baseUrls[i % baseUrls.Length];
    return roll < options.HangPercent ? $"{host}/hang-{i}"
        : roll < options.HangPercent + options.RefusePercent ? $"ws://127.0.0.{1 + (i % options.Hosts)}:1/refused-{i}"
        : $"{host}/latency-{random.Next(options.MinLatency, options.MaxLatency + 1)}-{i}";
}).Select(u => RelayUrl.Parse(u).Value).ToArray();

var data = Directory.CreateTempSubdirectory("nip66-load-").FullName;
var values = new Dictionary<string, string?>
{
    ["Data"] = data,
    ["Mode"] = options.Mode,
    ["Checker:Concurrency"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
    ["CycleDeadlineSeconds"] = "3600",
    ["Timeouts:Open"] = options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
    ["Timeouts:Read"] = options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
    ["Timeouts:Write"] = options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
    ["Timeouts:Auth"] = options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
    ["Timeouts:Nip11"] = options.TimeoutMs.ToString(CultureInfo.InvariantCulture),
};
TemporaryResource? database = null, vhost = null;
if (options.Mode == "distributed")
{
    database = await TestServices.CreatePostgresDatabaseAsync();
    vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    values["Postgres"] = database.Value;
    values["RabbitMq"] = vhost.Value;
    values["Redis"] = TestServices.Redis;
}

var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
var keys = NostrKeys.Generate();
using (var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0"))
{
    await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
    await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(relays);
    await host.StartAsync();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromMinutes(5));
    var cycleSeconds = completed.Duration.TotalSeconds;
    watch.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        mode                 {options.Mode}
        relays               {completed.Expected} ({options.Hosts} hosts; {options.HangPercent}% hanging, {options.RefusePercent}% refusing, latency {options.MinLatency}-{options.MaxLatency} ms)
        checked              {completed.Checked}: {completed.Online} online, {completed.Degraded} degraded, {completed.Offline} offline{(completed.TimedOut ? " (deadline)" : string.Empty)}
        cycle time           {cycleSeconds:0.0} s (saga start to completion)
        until stored         {watch.Elapsed.TotalSeconds:0.0} s (all results in the database)
        checks per second    {completed.Checked / cycleSeconds:0.0}
        CPU per 1000 checks  {cpu * 1000 / Math.Max(1, completed.Checked):0.00} s ({cpu:0.0} s in all, monitor process only)
        peak RSS             {process.PeakWorkingSet64 / (1024 * 1024)} MiB (monitor process)
        """));
    await host.StopAsync();
}

fleetProcess.StandardInput.Close();
await fleetProcess.WaitForExitAsync();
if (vhost is not null)
{
    await vhost.DisposeAsync();
}

if (database is not null)
{
    await database.DisposeAsync();
}

Directory.Delete(data, recursive: true);
return 0;

internal sealed record Options(string Command, int Relays, int Hosts, string Mode, int HangPercent, int RefusePercent, int MinLatency, int MaxLatency, int TimeoutMs, int Concurrency)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new Options(args.FirstOrDefault() ?? "cycle", Int("--relays", 1000), Int("--hosts", 50), Get("--mode", "embedded"),
            Int("--hang-percent", 0), Int("--refuse-percent", 0), Int("--min-latency", 20), Int("--max-latency", 200), Int("--timeout-ms", 10_000), Int("--concurrency", 50));
    }
}
