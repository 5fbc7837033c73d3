namespace Nip66.Nostr.Discovery;

/// <summary>A 30166 <c>content</c> that fits its share of the size limit, and what was left out to make it fit.</summary>
/// <param name="Json">The NIP-11 document to publish, or empty.</param>
/// <param name="Dropped">What was removed, in the order of <see cref="DiscoveryContent.Fit"/>; empty when nothing was.</param>
/// <param name="OriginalBytes">Bytes the whole document would have taken in the event.</param>
public sealed record FittedContent(string Json, IReadOnlyList<string> Dropped, int OriginalBytes)
{
    public bool Shrunk => Dropped.Count > 0;

    /// <summary>A line for the check's detail when the document was shrunk; null when it went in whole.</summary>
    public string? Note => Shrunk
        ? $"NIP-11 document ({OriginalBytes} bytes) shrunk for the 30166 to fit {SignedEventSize.MaxText}: dropped {string.Join(", ", Dropped)}"
        : null;
}
