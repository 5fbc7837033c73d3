using System.Globalization;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>The harness's command line; every figure it prints names the options it ran with.</summary>
internal sealed record Options(string Command, int Relays, int Hosts, string Mode, int HangPercent, int RefusePercent,
    int MinLatency, int MaxLatency, int TimeoutMs, int Concurrency, int DelayBoundMs, int Minutes, int IntervalSeconds, int SampleSeconds, string? Mix, bool Floor,
    string Shape, int FarmLatency, int Candidates)
{
    public static readonly string[] Modes = ["embedded", "distributed", "processes"];

    public static readonly string[] Shapes = ["uniform", "realistic"];

    public bool Realistic => Shape == "realistic";

    /// <summary>
    /// The subdomain farm's names resolve through a test resolver registered in this process; one process per role
    /// resolves with the system's DNS, and no production seam exists to hand it another, so there the farm is left out.
    /// </summary>
    public int SubdomainFarm => Realistic && Mode != "processes" ? FleetComposition.RealisticSubdomainFarm : 0;

    public string Fleet => (Realistic
            ? $"realistic: {Hosts} hosts of one or two relays, a farm of {FleetComposition.RealisticPathFarm} relays on paths and one of {SubdomainFarm} subdomains on one address (farm latency {FarmLatency} ms); "
            : $"{Hosts} hosts; ")
        + (Mix is null
            ? $"{HangPercent}% hanging, {RefusePercent}% refusing, latency {MinLatency}-{MaxLatency} ms"
            : $"mix {Mix}, latency {MinLatency}-{MaxLatency} ms");

    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var shape = Get("--fleet", "uniform");
        if (!Shapes.Contains(shape))
        {
            throw new ArgumentException($"--fleet: '{shape}' is not one of {string.Join(", ", Shapes)}");
        }

        var options = new Options(args.FirstOrDefault() ?? "cycle", Int("--relays", 1000), Int("--hosts", shape == "realistic" ? FleetComposition.RealisticAddresses : 50),
            Get("--mode", "embedded"), Int("--hang-percent", 0), Int("--refuse-percent", 0), Int("--min-latency", 20), Int("--max-latency", 200),
            Int("--timeout-ms", 10_000), Int("--concurrency", 50), Int("--delay-bound-ms", 2), Int("--minutes", 30), Int("--interval-seconds", 60),
            Int("--sample-seconds", 60), Array.IndexOf(args, "--mix") >= 0 ? Get("--mix", string.Empty) : null, args.Contains("--floor"), shape, Int("--farm-latency", 20),
            Int("--candidates", 0));
        return Modes.Contains(options.Mode)
            ? options
            : throw new ArgumentException($"--mode: '{options.Mode}' is not one of {string.Join(", ", Modes)}");
    }

    /// <summary>The monitor configuration the harness runs with, as configuration keys (and NIP66_ variables).</summary>
    public Dictionary<string, string?> MonitorValues(string data)
    {
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            ["Data"] = data,
            ["Mode"] = Mode == "embedded" ? "embedded" : "distributed",
            ["Checker:Concurrency"] = Text(Concurrency),
            ["Checker:SchedulingDelayBoundMs"] = Text(DelayBoundMs),
            ["CycleDeadlineSeconds"] = "3600",
            ["Timeouts:Open"] = Text(TimeoutMs),
            ["Timeouts:Read"] = Text(TimeoutMs),
            ["Timeouts:Write"] = Text(TimeoutMs),
            ["Timeouts:Auth"] = Text(TimeoutMs),
            ["Timeouts:Nip11"] = Text(TimeoutMs),
            ["Discovery:ValidationsPerCycle"] = Text(Candidates),
            // Candidates are checked with the guard on; the fleet is on loopback.
            ["Guard:TrustedRanges"] = Candidates > 0 ? "127.0.0.0/8" : null,
        };
    }
}
