using System.Globalization;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The shortest cycle the fleet allows (<see cref="CheckDurationTruth"/>): the checker runs one check per host at a
/// time, so no cycle ends before its busiest host's checks have run one after another; nor before all the fleet's
/// check time has run <c>--concurrency</c> at a time. The bound is the larger of the two.
/// </summary>
internal sealed record SerialBound(double Seconds, string BusiestHost, int BusiestHostRelays, double BusiestHostSeconds, double WorkSeconds, int Concurrency, int Unknown)
{
    public static SerialBound Of(IReadOnlyList<FleetEndpoint> endpoints, TimeSpan timeout, int concurrency)
    {
        var known = endpoints.Select(e => (Host: RelayUrl.Parse(e.Url).Host, Duration: e.TrueCheckDuration(timeout)))
            .Where(e => e.Duration is not null)
            .Select(e => (e.Host, Seconds: e.Duration!.Value.TotalSeconds))
            .ToArray();
        var busiest = known.GroupBy(e => e.Host, StringComparer.OrdinalIgnoreCase)
            .Select(host => (Host: host.Key, Relays: host.Count(), Seconds: host.Sum(e => e.Seconds)))
            .MaxBy(host => host.Seconds);
        var work = known.Sum(e => e.Seconds);
        return new SerialBound(Math.Max(busiest.Seconds, work / concurrency), busiest.Host ?? "none", busiest.Relays, busiest.Seconds, work, concurrency,
            endpoints.Count - known.Length);
    }

    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Seconds:0.0} s: busiest host {BusiestHost} {BusiestHostSeconds:0.0} s ({BusiestHostRelays} relays in a row); all checks {WorkSeconds:0} s / concurrency {Concurrency} = {WorkSeconds / Concurrency:0.0} s{(Unknown > 0 ? $"; {Unknown} endpoints of unknown duration left out" : string.Empty)}");

    /// <summary>The cycle's time over the bound; the goal for the 250-host fleet is at most 1.15.</summary>
    public string Ratio(double cycleSeconds) => string.Create(CultureInfo.InvariantCulture, $"{cycleSeconds / Seconds:0.00}x the serial bound");
}
