using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Scheduler;

/// <summary>
/// The order of a cycle's commands. The checker runs one check per relay host at a time, so a host's relays are a
/// serial chain and the cycle lasts at least as long as its longest chain: that chain must start first and its next
/// relay must always be within the checker's reach. Tiers first (<see cref="DueRelay.QueuePriority"/>, highest
/// first); within a tier the hosts are ranked by load (their number of relays in the tier, all the scheduler knows of
/// their work; equal loads keep their incoming order) and each host's relays are spread evenly over the tier: the k-th
/// of n relays of the host ranked r among H goes at (k + r/H) / n of the way. So the busiest host starts first, hosts
/// of equal load take turns (the first relay of each by rank, then the second of each, ...), and no host's relays
/// bunch together: a farm of 500 relays among 10,000 has one every 20 commands, where plain rounds would put its
/// second relay behind the first relay of every other host and the rest together at the end.
/// </summary>
public static class CriticalPathOrder
{
    public static IReadOnlyList<DueRelay> Of(IEnumerable<DueRelay> relays)
    {
        ArgumentNullException.ThrowIfNull(relays);
        var ordered = new List<DueRelay>();
        foreach (var tier in relays.GroupBy(relay => relay.QueuePriority).OrderByDescending(tier => tier.Key))
        {
            var hosts = tier.GroupBy(relay => HostOf(relay.Url), StringComparer.OrdinalIgnoreCase)
                .Select(host => host.ToArray())
                .OrderByDescending(host => host.Length)
                .ToArray();
            ordered.AddRange(hosts
                .SelectMany((host, rank) => host.Select((relay, k) => (Relay: relay, Place: new Place(k, rank, hosts.Length, host.Length))))
                .OrderBy(entry => entry.Place)
                .Select(entry => entry.Relay));
        }

        return ordered;
    }

    /// <summary>The key the checker's per-host limit uses; a URL that does not parse is checked (and fails) alone.</summary>
    private static string HostOf(string url) => RelayUrl.TryParse(url, out var parsed, out _) ? parsed.Host : url;

    /// <summary>
    /// (k + rank/hosts) / relays, compared exactly (no rounding decides a tie); ties go to the busier host, so the
    /// first relays of hosts of equal load come by rank.
    /// </summary>
    private readonly record struct Place(int K, int Rank, int Hosts, int Relays) : IComparable<Place>
    {
        public int CompareTo(Place other)
        {
            var by = ((Int128)K * Hosts + Rank) * ((Int128)other.Hosts * other.Relays);
            var against = ((Int128)other.K * other.Hosts + other.Rank) * ((Int128)Hosts * Relays);
            return by != against ? by.CompareTo(against) : Rank.CompareTo(other.Rank);
        }
    }
}
