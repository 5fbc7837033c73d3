namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Where a <see cref="PagedReader"/> stands on one source (a relay and a filter), between rounds; all times are the
/// events' <c>created_at</c>, Unix seconds. [<see cref="OldestSeen"/>, <see cref="NewestSeen"/>] has been read
/// without a gap. A round first reads what is new since <see cref="NewestSeen"/>, then back-fills older history
/// below <see cref="OldestSeen"/> until <see cref="BackfillDone"/>.
/// </summary>
/// <param name="NewestSeen">Newest event read (never later than the round that read it began); null before the first event.</param>
/// <param name="OldestSeen">Oldest event read; null before the first event.</param>
/// <param name="BackfillDone">The relay had nothing older than <see cref="OldestSeen"/>.</param>
public sealed record SourceCursor(long? NewestSeen, long? OldestSeen, bool BackfillDone)
{
    /// <summary>A source never read.</summary>
    public static SourceCursor Start { get; } = new(null, null, false);
}
