namespace Nip66.Nostr.RelayLists;

/// <summary>One round of a <see cref="PagedReader"/> on one source.</summary>
/// <param name="EventsRead">New events handed over: each once (by id), verified and matching the filter.</param>
/// <param name="Cursor">Where the next round starts; the one given when nothing was read.</param>
/// <param name="End">Why the round ended.</param>
/// <param name="Detail">The relay's CLOSED reason or the failure, <see cref="SafeText"/>; null for <see cref="ReadEnd.Exhausted"/> and <see cref="ReadEnd.Budget"/>.</param>
/// <param name="Pages">REQs sent.</param>
/// <param name="Duplicates">Events received again (a page boundary, or a relay repeating itself).</param>
/// <param name="Invalid">Events whose id or signature did not verify.</param>
/// <param name="Unrequested">Events outside the filter (kind, author or time), which a relay must not send.</param>
/// <param name="Unparseable">Frames that were no NIP-01 message (invalid JSON, a malformed event).</param>
/// <param name="SaturatedSeconds">Seconds that filled a whole page, read past (any unread events of theirs are lost to this round).</param>
/// <param name="Notices">The relay's NOTICEs, cleaned and capped.</param>
public sealed record PagedRead(
    int EventsRead,
    SourceCursor Cursor,
    ReadEnd End,
    string? Detail,
    int Pages,
    int Duplicates,
    int Invalid,
    int Unrequested,
    long Unparseable,
    int SaturatedSeconds,
    IReadOnlyList<string> Notices)
{
    /// <summary>Events skipped as malformed: invalid, unrequested or unparseable.</summary>
    public long Malformed => Invalid + Unrequested + Unparseable;
}
