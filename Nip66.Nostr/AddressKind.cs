namespace Nip66.Nostr;

/// <summary>What kind of network an address belongs to, as far as the SSRF guard cares.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    Private,
    SharedCarrierNat,
    UniqueLocal,
    LinkLocal,
    Unspecified,
    Multicast,
    Broadcast,
    Reserved,
}
