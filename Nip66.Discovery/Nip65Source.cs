using Nip66.Nostr.RelayLists;

namespace Nip66.Discovery;

/// <summary>Kind 10002 relay lists (NIP-65): every <c>r</c> tag. The broadest source: most active users publish one.</summary>
public sealed class Nip65Source() : DiscoverySource("nip65", RelayListParsers.Outbox);
