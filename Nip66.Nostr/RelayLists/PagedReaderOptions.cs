namespace Nip66.Nostr.RelayLists;

/// <summary>How a <see cref="PagedReader"/> talks to a relay; the per-round budget is the caller's.</summary>
public sealed record PagedReaderOptions
{
    /// <summary>The <c>limit</c> of each REQ. strfry and most relays serve 500 at most; a relay serving fewer is read on anyway.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>For the WebSocket to open.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>For one page, from the REQ to its <c>EOSE</c>: a relay that never ends a page cannot hold the round.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The relay's <c>NOTICE</c>s kept for the round's report.</summary>
    public int MaxNotices { get; init; } = 10;

    /// <summary>Longest NOTICE text kept.</summary>
    public int MaxNoticeChars { get; init; } = 300;
}
