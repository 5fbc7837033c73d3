using System.Globalization;

namespace Nip66.TestSupport;

/// <summary>
/// What a <see cref="RelayFleet"/> serves. <see cref="Mix"/> holds a weight per behaviour: with <see cref="Endpoints"/>
/// set, the hostile endpoints are split in proportion (largest remainder), otherwise the weights are the counts.
/// <c>Npm*</c> weights are always counts: one real relay process-side each.
/// </summary>
public sealed record FleetComposition
{
    public required IReadOnlyDictionary<FleetBehaviour, int> Mix { get; init; }

    public int? Endpoints { get; init; }

    /// <summary>
    /// The mix's endpoints are spread round-robin over N loopback addresses (<see cref="AddressOf"/>: 127.0.0.1 to
    /// 127.0.0.N up to 254), each its own host by IP literal, so per-host rules see N hosts.
    /// </summary>
    public int Addresses { get; init; } = 4;

    /// <summary>A relay farm on one more address: this many relays on paths of one host.</summary>
    public int PathFarm { get; init; }

    /// <summary>
    /// A relay farm on one more address: this many relays, each on a subdomain of its own (<see cref="FarmName"/>), so
    /// per-host rules see that many hosts and per-address rules one. The names need a resolver that maps them
    /// (<see cref="FleetEndpoint.Address"/>).
    /// </summary>
    public int SubdomainFarm { get; init; }

    /// <summary>
    /// The latency of every farm relay. A farm is one server: its relays share its latency and answer in order
    /// (<see cref="FleetBehaviour.InOrder"/>); the mix's hanging and refusing endpoints are the single hosts'.
    /// </summary>
    public int FarmLatencyMs { get; init; } = 20;

    public int MinLatencyMs { get; init; } = 20;

    public int MaxLatencyMs { get; init; } = 200;

    /// <summary>The extra delay of slow-open and slow-read endpoints.</summary>
    public int SlowMs { get; init; } = 500;

    public int Seed { get; init; } = 66;

    /// <summary>
    /// <c>--shape realistic</c>: the real network's shape (issue 13), most relays on a host of their own and a few
    /// farms: the mix over this many addresses (with 10,000 endpoints, 2,300 hosts of two relays and 4,700 of one),
    /// a farm of <see cref="RealisticPathFarm"/> relays on paths and one of <see cref="RealisticSubdomainFarm"/>
    /// subdomains. Each is a default that its own option overrides.
    /// </summary>
    public const int RealisticAddresses = 7_000;

    public const int RealisticPathFarm = 500;

    public const int RealisticSubdomainFarm = 200;

    /// <summary>The most addresses a fleet spreads over; loopback has 16 million, file descriptors are the limit.</summary>
    public const int MaxAddresses = 60_000;

    /// <summary>Every behaviour <paramref name="each"/> times, plus <paramref name="healthy"/> healthy endpoints.</summary>
    public static FleetComposition EveryBehaviour(int each, int healthy) => new()
    {
        Mix = FleetBehaviours.All.ToDictionary(b => b, b => b == FleetBehaviour.Healthy ? healthy : each),
    };

    /// <summary>
    /// Reads <c>--endpoints N --mix healthy=80,hang=10,refuse-restricted=10 --addresses N --min-latency MS
    /// --max-latency MS --slow-ms MS --seed N [--shape realistic] --path-farm N --subdomain-farm N --farm-latency MS</c>;
    /// a bad value names its key.
    /// </summary>
    public static FleetComposition Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"fleet: expected '--key value' pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Number(string key, int fallback, int min, int max)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new ArgumentException($"fleet: --{key} must be a whole number from {min} to {max}, got '{text}'");
        }

        var shape = values.GetValueOrDefault("shape", "uniform");
        var realistic = shape switch
        {
            "uniform" => false,
            "realistic" => true,
            _ => throw new ArgumentException($"fleet: --shape must be uniform or realistic, got '{shape}'"),
        };
        var composition = new FleetComposition
        {
            Mix = ParseMix(values.GetValueOrDefault("mix", "healthy=1")),
            Endpoints = values.ContainsKey("endpoints") ? Number("endpoints", 0, 1, 1_000_000) : null,
            Addresses = Number("addresses", realistic ? RealisticAddresses : 4, 1, MaxAddresses),
            MinLatencyMs = Number("min-latency", 20, 0, 600_000),
            MaxLatencyMs = Number("max-latency", 200, 0, 600_000),
            SlowMs = Number("slow-ms", 500, 0, 600_000),
            Seed = Number("seed", 66, 0, int.MaxValue),
            PathFarm = Number("path-farm", realistic ? RealisticPathFarm : 0, 0, 100_000),
            SubdomainFarm = Number("subdomain-farm", realistic ? RealisticSubdomainFarm : 0, 0, 100_000),
            FarmLatencyMs = Number("farm-latency", 20, 0, 600_000),
        };
        var unknown = values.Keys.Except(["mix", "endpoints", "addresses", "min-latency", "max-latency", "slow-ms", "seed", "shape", "path-farm", "subdomain-farm", "farm-latency"])
            .FirstOrDefault();
        return unknown is null ? composition : throw new ArgumentException($"fleet: unknown option --{unknown}");
    }

    /// <summary>The <paramref name="index"/>th loopback address (from 0): 127.0.0.1 to 127.0.0.254, then 127.0.1.1 and on, never .0 or .255.</summary>
    public static string AddressOf(int index)
    {
        var block = index / 254;
        return string.Create(CultureInfo.InvariantCulture, $"127.{block >> 8}.{block & 255}.{(index % 254) + 1}");
    }

    /// <summary>The host name of the subdomain farm's <paramref name="index"/>th relay; under .test, which public DNS never serves.</summary>
    public static string FarmName(int index) => string.Create(CultureInfo.InvariantCulture, $"r{index}.farm.fleet.test");

    /// <summary>How many listening addresses the fleet needs: the mix's, then one per farm.</summary>
    public int AddressCount => Addresses + (PathFarm > 0 ? 1 : 0) + (SubdomainFarm > 0 ? 1 : 0);

    /// <summary>
    /// Where every hostile endpoint is and what it does, before anything listens: the mix shuffled with the seed, laid
    /// round-robin over <see cref="Addresses"/> with a latency drawn per endpoint, then the farms. Deterministic.
    /// </summary>
    public IReadOnlyList<PlannedEndpoint> Plan()
    {
        var random = new Random(Seed);
        var behaviours = Counts().Where(c => !c.Behaviour.IsNpm()).SelectMany(c => Enumerable.Repeat(c.Behaviour, c.Count)).ToArray();
        random.Shuffle(behaviours);
        var planned = new List<PlannedEndpoint>(behaviours.Length + PathFarm + SubdomainFarm);
        for (var i = 0; i < behaviours.Length; i++)
        {
            var behaviour = behaviours[i];
            var latency = random.Next(MinLatencyMs, MaxLatencyMs + 1);
            var slow = behaviour is FleetBehaviour.SlowOpen or FleetBehaviour.SlowRead ? SlowMs : 0;
            planned.Add(new PlannedEndpoint(i % Addresses, null, new FleetPath(behaviour, latency, slow, i)));
        }

        var farm = Addresses;
        for (var i = 0; i < PathFarm; i++)
        {
            planned.Add(new PlannedEndpoint(farm, null, new FleetPath(FleetBehaviour.InOrder, FarmLatencyMs, 0, planned.Count)));
        }

        farm += PathFarm > 0 ? 1 : 0;
        for (var i = 0; i < SubdomainFarm; i++)
        {
            planned.Add(new PlannedEndpoint(farm, FarmName(i), new FleetPath(FleetBehaviour.InOrder, FarmLatencyMs, 0, planned.Count)));
        }

        return planned;
    }

    /// <summary>How many endpoints of each behaviour in the mix, Npm ones included; the farms come on top.</summary>
    public IReadOnlyList<(FleetBehaviour Behaviour, int Count)> Counts()
    {
        if (MinLatencyMs > MaxLatencyMs)
        {
            throw new ArgumentException($"fleet: min latency {MinLatencyMs} ms exceeds max latency {MaxLatencyMs} ms");
        }

        var hostile = Mix.Where(m => !m.Key.IsNpm() && m.Value > 0).OrderBy(m => m.Key).ToArray();
        var npm = Mix.Where(m => m.Key.IsNpm() && m.Value > 0).Select(m => (m.Key, m.Value));
        if (Endpoints is not { } total)
        {
            return [.. hostile.Select(m => (m.Key, m.Value)), .. npm];
        }

        var weight = hostile.Sum(m => (long)m.Value);
        if (weight == 0)
        {
            throw new ArgumentException("fleet: the mix has no hostile behaviour to fill the endpoints with");
        }

        total -= PathFarm + SubdomainFarm;
        if (total < 0)
        {
            throw new ArgumentException($"fleet: the farms' {PathFarm + SubdomainFarm} relays exceed the {Endpoints} endpoints");
        }

        var exact = hostile.Select(m => (m.Key, Share: (double)total * m.Value / weight)).ToArray();
        var counts = exact.ToDictionary(e => e.Key, e => (int)Math.Floor(e.Share));
        foreach (var (key, _) in exact.OrderByDescending(e => e.Share - Math.Floor(e.Share)).Take(total - counts.Values.Sum()))
        {
            counts[key]++;
        }

        return [.. counts.Select(c => (c.Key, c.Value)), .. npm];
    }

    private static Dictionary<FleetBehaviour, int> ParseMix(string text)
    {
        var mix = new Dictionary<FleetBehaviour, int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=');
            if (pair.Length != 2 || !FleetBehaviours.TryParse(pair[0], out var behaviour) ||
                !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                throw new ArgumentException(
                    $"fleet: --mix entry '{part}' must be BEHAVIOUR=WEIGHT with one of {string.Join(", ", FleetBehaviours.All.Select(b => b.Name()))}");
            }

            mix[behaviour] = weight;
        }

        return mix;
    }
}
