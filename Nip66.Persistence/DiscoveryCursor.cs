namespace Nip66.Persistence;

/// <summary>
/// How far one discovery source has read one discovery relay (table <c>discovery_cursors</c>): new events are read
/// down to <see cref="NewestSeen"/>, then history is back-filled from <see cref="OldestSeen"/> until done.
/// </summary>
public sealed class DiscoveryCursor
{
    /// <summary>The source's name (e.g. <c>nip65</c>).</summary>
    public required string Source { get; set; }

    /// <summary>The discovery relay, normalized.</summary>
    public required string RelayUrl { get; set; }

    /// <summary>The newest created_at read (Unix seconds), if any.</summary>
    public long? NewestSeen { get; set; }

    /// <summary>The oldest created_at read (Unix seconds), if any.</summary>
    public long? OldestSeen { get; set; }

    /// <summary>True once the relay had nothing older than <see cref="OldestSeen"/>.</summary>
    public bool BackfillDone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
