using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Nostr.RelayLists;

namespace Nip66.Discovery;

/// <summary>
/// The <c>d</c> tags of other monitors' 30166 (and legacy 30066) reports. A monitor is an author with a 10166: each
/// round reads the discovery relay's 10166s whole (one replaceable event per monitor, within the budget) and asks for
/// the reports of those authors only, the monitor itself left out, so nobody's 30166 counts without a 10166. Monitors
/// republish their reports every few hours, so a monitor first seen after the cursor has passed its older reports is
/// read from its next ones.
/// </summary>
public sealed class MonitorsSource() : DiscoverySource("monitors", RelayListParsers.MonitorReport)
{
    protected override async Task<Filter?> FilterAsync(RelayUrl relay, string? ownPubKey, DiscoveryReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var monitors = new SortedSet<string>(StringComparer.Ordinal);
        var announcements = await reading.Reader.ReadAsync(relay, new Filter { Kinds = [MonitorAnnouncement.Kind] }, SourceCursor.Start, reading.EventsPerSource,
            e => monitors.Add(MonitorSightingParser.Read(e).PubKey), cancellationToken).ConfigureAwait(false);
        CountRead(announcements, mentions: 0, unreadable: 0);
        if (ownPubKey is not null)
        {
            monitors.Remove(ownPubKey);
        }

        return monitors.Count == 0 ? null : new Filter { Kinds = Parser.Kinds, Authors = [.. monitors] };
    }
}
