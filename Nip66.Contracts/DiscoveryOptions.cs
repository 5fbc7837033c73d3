namespace Nip66.Contracts;

/// <summary>
/// Relay discovery (keys <c>Discovery:*</c>), shared by the roles it spans: the discovery sources read the network and
/// screen candidates, the scheduler sends candidates for validation, persistence promotes or retires them.
/// </summary>
public sealed record DiscoveryOptions
{
    /// <summary>Off: no source is read and no candidate is checked; relays discovered earlier stay monitored.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The relays the sources read; empty means the publish relays.</summary>
    public IReadOnlyList<string> Relays { get; init; } = [];

    /// <summary>How often the sources read the discovery relays.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The most events one source reads from one discovery relay per round; the rest waits for the next round.</summary>
    public int EventsPerSource { get; init; } = 5_000;

    /// <summary>
    /// The most candidates and discovered relays one host may hold: spam lists publish thousands of subdomains or paths of
    /// one host. Operator relays do not count.
    /// </summary>
    public int PerHostLimit { get; init; } = 3;

    /// <summary>The most candidates one cycle checks, after every monitored relay.</summary>
    public int ValidationsPerCycle { get; init; } = 1_000;

    /// <summary>A candidate that has not spoken Nostr after this many checks is retired.</summary>
    public int MaxTries { get; init; } = 6;

    /// <summary>A discovered relay offline this long is retired (disabled, its history kept).</summary>
    public TimeSpan RetireOfflineAfter { get; init; } = TimeSpan.FromDays(30);
}
