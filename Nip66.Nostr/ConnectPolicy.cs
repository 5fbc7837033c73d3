using System.Net;

namespace Nip66.Nostr;

/// <summary>
/// Where a connection may go: the SSRF guard (off for relays the operator named by hand), the ranges the operator
/// trusts for guarded relays, the resolver that answers the lookups and the shared per-address cap.
/// </summary>
public sealed record ConnectPolicy(bool AllowPrivateAddresses, AddressLimiter? Limiter)
{
    public static ConnectPolicy Unrestricted { get; } = new(true, null);

    public IHostResolver Resolver { get; init; } = SystemHostResolver.Instance;

    public TrustedRanges TrustedRanges { get; init; } = TrustedRanges.None;

    /// <summary>The guard's verdict on one address about to be dialled; the classification itself knows no exceptions.</summary>
    public bool Allows(IPAddress address) => AllowPrivateAddresses || AddressClassifier.IsPublic(address) || TrustedRanges.Contains(address);
}
