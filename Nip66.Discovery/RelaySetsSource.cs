using Nip66.Nostr.RelayLists;

namespace Nip66.Discovery;

/// <summary>Kind 30002 relay sets (NIP-51): the <c>relay</c> tags of users' named sets.</summary>
public sealed class RelaySetsSource() : DiscoverySource("relay-sets", RelayListParsers.RelaySet);
