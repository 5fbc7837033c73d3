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

    /// <summary>Endpoints are spread over 127.0.0.1 to 127.0.0.N, so per-host rules see N hosts.</summary>
    public int Addresses { get; init; } = 4;

    public int MinLatencyMs { get; init; } = 20;

    public int MaxLatencyMs { get; init; } = 200;

    /// <summary>The extra delay of slow-open and slow-read endpoints.</summary>
    public int SlowMs { get; init; } = 500;

    public int Seed { get; init; } = 66;

    /// <summary>Every behaviour <paramref name="each"/> times, plus <paramref name="healthy"/> healthy endpoints.</summary>
    public static FleetComposition EveryBehaviour(int each, int healthy) => new()
    {
        Mix = FleetBehaviours.All.ToDictionary(b => b, b => b == FleetBehaviour.Healthy ? healthy : each),
    };

    /// <summary>
    /// Reads <c>--endpoints N --mix healthy=80,hang=10,refuse-restricted=10 --addresses N --min-latency MS
    /// --max-latency MS --slow-ms MS --seed N</c>; a bad value names its key.
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

        var composition = new FleetComposition
        {
            Mix = ParseMix(values.GetValueOrDefault("mix", "healthy=1")),
            Endpoints = values.ContainsKey("endpoints") ? Number("endpoints", 0, 1, 1_000_000) : null,
            Addresses = Number("addresses", 4, 1, 254),
            MinLatencyMs = Number("min-latency", 20, 0, 600_000),
            MaxLatencyMs = Number("max-latency", 200, 0, 600_000),
            SlowMs = Number("slow-ms", 500, 0, 600_000),
            Seed = Number("seed", 66, 0, int.MaxValue),
        };
        var unknown = values.Keys.Except(["mix", "endpoints", "addresses", "min-latency", "max-latency", "slow-ms", "seed"]).FirstOrDefault();
        return unknown is null ? composition : throw new ArgumentException($"fleet: unknown option --{unknown}");
    }

    /// <summary>How many endpoints of each behaviour, Npm ones included.</summary>
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
