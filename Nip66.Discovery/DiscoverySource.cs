using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.RelayLists;
using Nip66.Persistence.Candidates;

namespace Nip66.Discovery;

/// <summary>
/// One kind of evidence of relays on the network, read from each discovery relay with its own cursor (keyed by
/// <see cref="Name"/>), its own budget per round (<see cref="DiscoveryReading.EventsPerSource"/>) and its own metrics
/// (labelled with <see cref="Name"/>). A read hands each verified event to <see cref="Parser"/>; malformed events and
/// the monitor's own are skipped and counted; the mentions go to the ledger, and only then does the cursor move, so a
/// failed write reads the same events again.
/// </summary>
public abstract class DiscoverySource(string name, RelayListParser parser)
{
    /// <summary>The cursor's key and the metrics' <c>source</c> label.</summary>
    public string Name { get; } = name;

    public RelayListParser Parser { get; } = parser;

    /// <summary>One round of this source on <paramref name="relay"/>; <paramref name="ownPubKey"/> is the monitor's, if known.</summary>
    public async Task<SourceRound> ReadAsync(RelayUrl relay, string? ownPubKey, DiscoveryReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(reading);
        var filter = await FilterAsync(relay, ownPubKey, reading, cancellationToken).ConfigureAwait(false);
        if (filter is null)
        {
            return new SourceRound(Name, relay.Value, null, null, 0, 0, new Dictionary<string, long>(), 0, new LedgerOutcome());
        }

        var stored = await reading.Cursors.LoadAsync(Name, relay.Value, cancellationToken).ConfigureAwait(false);
        var cursor = stored is null ? SourceCursor.Start : new SourceCursor(stored.NewestSeen, stored.OldestSeen, stored.BackfillDone);
        var mentions = new List<UrlMention>();
        var own = 0;
        var unreadable = 0;
        var dropped = 0;
        var read = await reading.Reader.ReadAsync(relay, filter, cursor, reading.EventsPerSource, verified =>
        {
            var e = verified.Event;
            if (e.PubKey == ownPubKey)
            {
                own++;
                return;
            }

            var found = Parser.Read(verified);
            if (found.IsMalformed)
            {
                unreadable++;
                return;
            }

            dropped += found.Dropped;
            var seenAt = reading.Time.GetUtcNow();
            mentions.AddRange(found.Urls.Select(url => new UrlMention(url, e.Kind, e.Id, e.PubKey, seenAt)));
        }, cancellationToken).ConfigureAwait(false);

        var recorded = await reading.Ledger.RecordAsync(mentions, cancellationToken).ConfigureAwait(false);
        await reading.Cursors.SaveAsync(Name, relay.Value, read.Cursor.NewestSeen, read.Cursor.OldestSeen, read.Cursor.BackfillDone, cancellationToken).ConfigureAwait(false);

        var malformed = CountRead(read, mentions.Count, unreadable);
        DiscoveryMetrics.Recorded(Name, recorded.NewCandidates, recorded.Refused);
        return new SourceRound(Name, relay.Value, read.End, read.Detail, read.EventsRead, own, malformed, dropped, recorded);
    }

    /// <summary>Exports what <paramref name="read"/> read and skipped under this source's name; returns the skipped by reason.</summary>
    protected IReadOnlyDictionary<string, long> CountRead(PagedRead read, int mentions, int unreadable)
    {
        ArgumentNullException.ThrowIfNull(read);
        var malformed = new Dictionary<string, long>
        {
            [MalformedReasons.Signature] = read.Invalid,
            [MalformedReasons.Unrequested] = read.Unrequested,
            [MalformedReasons.Frame] = read.Unparseable,
            [MalformedReasons.Content] = unreadable,
        };
        DiscoveryMetrics.Read(Name, ReadEnds.Name(read.End), read.EventsRead, mentions);
        foreach (var (reason, count) in malformed)
        {
            DiscoveryMetrics.Malformed(Name, reason, count);
        }

        return malformed;
    }

    /// <summary>The filter of this round on <paramref name="relay"/> (kinds, authors; the reader sets the times); null to read nothing.</summary>
    protected virtual Task<Filter?> FilterAsync(RelayUrl relay, string? ownPubKey, DiscoveryReading reading, CancellationToken cancellationToken) =>
        Task.FromResult<Filter?>(new Filter { Kinds = Parser.Kinds });
}
