using Nip66.Nostr;

namespace Nip66.Discovery;

/// <summary>The relays the sources read: <c>Discovery:Relays</c>, or the publish relays when it is empty.</summary>
public sealed class DiscoveryRelays
{
    public DiscoveryRelays(IReadOnlyList<string> configured, IReadOnlyList<string> publishRelays)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(publishRelays);
        Urls = [.. (configured.Count > 0 ? configured : publishRelays).Select(RelayUrl.Parse).Distinct()];
    }

    public IReadOnlyList<RelayUrl> Urls { get; }
}
