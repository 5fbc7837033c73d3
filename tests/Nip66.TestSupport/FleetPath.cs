using System.Globalization;

namespace Nip66.TestSupport;

/// <summary>
/// The path of a hostile fleet endpoint: <c>fleet/BEHAVIOUR/LATENCY_MS/SLOW_MS/INDEX</c>, for example
/// <c>fleet/refuse-rate-limited/120/0/17</c>. BEHAVIOUR is a kebab-case <see cref="FleetBehaviour"/>; LATENCY_MS
/// delays every answer (NIP-11 included); SLOW_MS is the extra delay of <c>slow-open</c> (before the upgrade) and
/// <c>slow-read</c> (before EOSE); INDEX only makes each endpoint a distinct relay URL.
/// </summary>
public sealed record FleetPath(FleetBehaviour Behaviour, int LatencyMs, int SlowMs, int Index)
{
    private const string Prefix = "fleet/";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Behaviour.Name()}/{LatencyMs}/{SlowMs}/{Index}");

    /// <summary>Parses a request path without its leading slash; anything else is not a fleet path.</summary>
    public static bool TryParse(string path, out FleetPath fleetPath)
    {
        fleetPath = null!;
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = path[Prefix.Length..].Split('/');
        if (parts.Length != 4 || !FleetBehaviours.TryParse(parts[0], out var behaviour) || behaviour.IsNpm() ||
            !TryMilliseconds(parts[1], out var latency) || !TryMilliseconds(parts[2], out var slow) ||
            !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }

        fleetPath = new FleetPath(behaviour, latency, slow, index);
        return true;
    }

    private static bool TryMilliseconds(string text, out int ms) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ms) && ms <= 600_000;
}
