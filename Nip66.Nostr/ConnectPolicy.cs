namespace Nip66.Nostr;

/// <summary>Where a connection may go: the SSRF guard (off for operator relays) and the shared per-address cap.</summary>
public sealed record ConnectPolicy(bool AllowPrivateAddresses, AddressLimiter? Limiter)
{
    public static ConnectPolicy Unrestricted { get; } = new(true, null);
}
