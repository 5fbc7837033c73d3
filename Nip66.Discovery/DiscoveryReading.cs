using Nip66.Nostr.RelayLists;
using Nip66.Persistence.Candidates;

namespace Nip66.Discovery;

/// <summary>What every <see cref="DiscoverySource"/> reads and records with: one set per process.</summary>
/// <param name="Reader">Pages through a discovery relay, newest first, then back-fills.</param>
/// <param name="Ledger">Records the URLs the events mention.</param>
/// <param name="Cursors">Where each source stands on each discovery relay.</param>
/// <param name="EventsPerSource">The most events one source reads from one discovery relay per round (<c>Discovery:EventsPerSource</c>).</param>
/// <param name="Time">The clock of a mention's seen-at time.</param>
public sealed record DiscoveryReading(PagedReader Reader, CandidateLedger Ledger, DiscoveryCursorStore Cursors, int EventsPerSource, TimeProvider Time);
