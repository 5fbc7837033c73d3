using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.LoadHarness;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

// A load harness, not a test: figures printed for a fleet of relay endpoints on loopback.
//   dotnet run -c Release --project tests/Nip66.LoadHarness -- cycle --relays 1000 --hosts 50 [--mode embedded|distributed|processes]
//        [--hang-percent 0] [--refuse-percent 0] [--mix healthy=80,hang=10,port-closed=10,refuse-pow=1,...] [--min-latency 20] [--max-latency 200] [--timeout-ms 10000] [--concurrency 50] [--delay-bound-ms 2]
//        [--fleet uniform|realistic] [--farm-latency 20]   (realistic: --hosts defaults to 7000 and two farms join, see FleetComposition)
//        [--floor]   (first the floor: the same probes in a plain loop, FloorChecker; then the CPU ratio monitor/floor)
//        [--candidates 0]   (that many more endpoints of the same mix as pending discovery candidates, validated in the cycle
//                            after the --relays operator relays: the operator relays' finish times and RTT errors show whether priority holds)
//   ... -- readside --database sqlite|postgres [--relays 10000] [--days 30] [--raw-days 30] [--cycles-per-day 96] [--requests 200]
//        [--data DIR | --postgres-database NAME] [--path /api/relays?...] [--seed-only]   (seeds once, then times GET /api/relays)
//   ... -- discovery [--events 100000] [--events-per-source 5000] [--database sqlite|postgres]   (seeded relay, rounds until all is read)
//   ... -- soak --minutes 30 --relays 1000 --interval-seconds 60 [--sample-seconds 60] [--mode embedded|distributed] [fleet options]
// embedded and distributed run every role in this process; processes runs one nip66 process per role.
// The fleet runs in a child process so that the figures are the monitor's alone.
if (args.FirstOrDefault() == "fleet")
{
    return await RelayFleet.RunAsChildAsync(args[1..]);
}

// SIGINT, SIGQUIT and SIGTERM stop a run with the monitor's own signal handling, so a stop ends every wait of it
// and the run unwinds through its finally blocks: the role processes killed, the fleet's input closed (it exits),
// the databases dropped. Without it the monitor's host took the signal and stopped nothing the harness waited on.
var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
using var signals = new SignalLifetime(lifetime);
signals.Listen();
var stop = lifetime.ApplicationStopping;
try
{
    return args.FirstOrDefault() switch
    {
        "discovery" => await DiscoveryBenchmark.RunAsync(args[1..], stop),
        "readside" => await ReadSideBenchmark.RunAsync(args[1..], stop),
        _ => await RunAsync(Options.Parse(args), stop),
    };
}
catch (Exception) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"stopped by {signals.Name}: no figures");
    return signals.ExitCode;
}

static async Task<int> RunAsync(Options options, CancellationToken stop)
{
    await using var fleet = await LoadFleet.StartAsync(options);
    Console.WriteLine($"fleet                {fleet.Endpoints.Count} endpoints on {fleet.Hosts} hosts ({fleet.Relays.Length} relays, {fleet.Candidates.Count} candidates); a correct check gives {fleet.Expected}");
    var bound = SerialBound.Of(fleet.Endpoints, TimeSpan.FromMilliseconds(options.TimeoutMs), options.Concurrency);
    Console.WriteLine($"serial bound         {bound.Text}");
    var floorCpu = options.Floor ? await FloorChecker.MeasureAsync(fleet, options, stop) : (double?)null;
    var data = Directory.CreateTempSubdirectory("nip66-load-").FullName;
    try
    {
        if (options.Mode == "processes")
        {
            return options.Command == "cycle"
                ? await RoleProcesses.RunCycleAsync(options, fleet, data, floorCpu, bound, stop)
                : throw new ArgumentException("soak runs in embedded or distributed mode (one process)");
        }

        var values = options.MonitorValues(data);
        var distributed = options.Mode == "distributed";
        await using var database = distributed ? await TestServices.CreatePostgresDatabaseAsync() : null;
        await using var vhost = distributed ? await TestServices.CreateRabbitMqVirtualHostAsync() : null;
        if (database is not null && vhost is not null)
        {
            values["Postgres"] = database.Value;
            values["RabbitMq"] = vhost.Value;
            values["Redis"] = TestServices.Redis;
        }

        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return options.Command == "soak"
            ? await Soak.RunAsync(options, fleet, settings, stop)
            : await OneCycleAsync(options, fleet, settings, floorCpu, bound, stop);
    }
    finally
    {
        Directory.Delete(data, recursive: true);
    }
}

static async Task<int> OneCycleAsync(Options options, LoadFleet fleet, MonitorSettings settings, double? floorCpu, SerialBound bound, CancellationToken stop)
{
    using var host = MonitorHost.Build(settings, NostrKeys.Generate(), runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0", overrides: fleet.Overrides);
    await using var hostStop = new HostStop(host);
    await MonitorHost.PrepareAsync(host, settings, stop);
    await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(fleet.Relays, allowPrivateAddresses: true, cancellationToken: stop);
    await PendingCandidateSeed.AddAsync(host.Services, fleet.Candidates);
    await host.StartAsync(stop);
    var before = ProcStat.Read(Environment.ProcessId)!.Value;
    var watch = Stopwatch.StartNew();
    var started = await OneCycle.StartAsync(host.Services, settings, stop);
    // Only this line shows that the cycle is under way: the figures come after it.
    Console.WriteLine($"cycle                started: {started.Expected} relays to check");
    var completed = await OneCycle.FinishAsync(host.Services, settings, started, TimeSpan.FromMinutes(5), stop);
    var cycleSeconds = completed.Duration.TotalSeconds;
    watch.Stop();
    var after = ProcStat.Read(Environment.ProcessId)!.Value;
    var cpu = after.CpuSeconds - before.CpuSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
        mode                 {options.Mode}
        relays               {completed.Expected} ({options.Fleet})
        checked              {completed.Checked}: {completed.Online} online, {completed.Degraded} degraded, {completed.Offline} offline{(completed.TimedOut ? " (deadline)" : string.Empty)}
        cycle time           {cycleSeconds:0.0} s (saga start to completion); {bound.Ratio(cycleSeconds)}
        until stored         {watch.Elapsed.TotalSeconds:0.0} s (all results in the database)
        checks per second    {completed.Checked / cycleSeconds:0.0}
        CPU per 1000 checks  {cpu * 1000 / Math.Max(1, completed.Checked):0.00} s ({cpu:0.0} s in all, monitor process only){FloorRatio.Text(cpu * 1000 / Math.Max(1, completed.Checked), floorCpu)}
        peak RSS             {after.PeakRssMiB} MiB (monitor process)
        GC                   {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections (gen 0/1/2), {GC.GetTotalPauseDuration().TotalSeconds:0.00} s paused, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC
        """));
    Console.WriteLine(await BusiestHostTimeline.LineAsync(host.Services, bound));
    Console.WriteLine(string.Join(Environment.NewLine, await RttErrors.LinesAsync(host.Services, fleet.Endpoints.Take(fleet.Relays.Length).ToArray())));
    Console.WriteLine(await PendingCandidateSeed.OperatorFinishLineAsync(host.Services, completed, fleet.Relays));
    return 0;
}
