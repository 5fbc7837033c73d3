using Nip66.Nostr.RelayLists;
using Nip66.Persistence.Candidates;

namespace Nip66.Discovery;

/// <summary>What one <see cref="DiscoverySource"/> did on one discovery relay in one round.</summary>
/// <param name="Source">The source's name.</param>
/// <param name="Relay">The discovery relay, normalized.</param>
/// <param name="End">Why the read ended; null when the source had nothing to ask (no monitor known).</param>
/// <param name="Detail">The relay's CLOSED reason or the failure, made safe.</param>
/// <param name="EventsRead">New, verified events the read handed over (the monitor's own included).</param>
/// <param name="OwnEvents">Events of the monitor itself, skipped.</param>
/// <param name="Malformed">Events skipped as malformed, by reason (<see cref="MalformedReasons"/>).</param>
/// <param name="Dropped">Mentions the parsers left out (past their caps, empty).</param>
/// <param name="Recorded">What the ledger did with the mentions.</param>
public sealed record SourceRound(
    string Source,
    string Relay,
    ReadEnd? End,
    string? Detail,
    int EventsRead,
    int OwnEvents,
    IReadOnlyDictionary<string, long> Malformed,
    int Dropped,
    LedgerOutcome Recorded);
