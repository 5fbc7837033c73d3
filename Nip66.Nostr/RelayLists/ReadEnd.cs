namespace Nip66.Nostr.RelayLists;

/// <summary>Why a <see cref="PagedReader"/> round ended.</summary>
public enum ReadEnd
{
    /// <summary>Everything new was read and the history is back-filled (or was already).</summary>
    Exhausted,

    /// <summary>The round read its budget of events; the next one goes on from the cursor.</summary>
    Budget,

    /// <summary>A page got no <c>EOSE</c> in time.</summary>
    Timeout,

    /// <summary>The relay ended a page with <c>CLOSED</c> (auth-required, rate-limited, ...).</summary>
    Closed,

    /// <summary>The connection could not be opened (refused, DNS, TLS, a private address the guard refused, ...).</summary>
    ConnectFailed,

    /// <summary>The connection failed mid-round (dropped, or a frame over the size limit).</summary>
    ConnectionLost,
}
