using System.Net;

namespace Nip66.Nostr;

/// <summary>
/// Caps concurrent connections per resolved IP address, across host names: many relays of one hosting provider share
/// an address, and per-host politeness alone would still open one connection per host name to it at once.
/// </summary>
/// <param name="limitLoopback">
/// False (the default) leaves loopback uncapped: politeness is owed to other people's servers, and the monitor's own
/// machine (test fleets, a local relay) is reachable only by operator relays anyway. Tests of the cap pass true.
/// </param>
public sealed class AddressLimiter(int maxPerAddress, bool limitLoopback = false)
{
    private readonly KeyedLimiter<IPAddress> limiter = new(maxPerAddress);

    public int MaxPerAddress => limiter.SlotsPerKey;

    /// <summary>Addresses with a connection open or waiting.</summary>
    public int ActiveAddresses => limiter.ActiveKeys;

    /// <summary>Whether connections to this address count against the cap.</summary>
    public bool Applies(IPAddress address) => limitLoopback || !IPAddress.IsLoopback(Normalize(address));

    public Task<IDisposable> EnterAsync(IPAddress address, CancellationToken cancellationToken) =>
        limiter.EnterAsync(Normalize(address), cancellationToken);

    private static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
