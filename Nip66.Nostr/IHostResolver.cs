using System.Net;

namespace Nip66.Nostr;

/// <summary>
/// Turns a relay's host name into the addresses the guarded connect judges and dials. The system's DNS
/// (<see cref="SystemHostResolver"/>) in production; a test or load harness answers per lookup, e.g. a public-looking
/// name mapped to a loopback address.
/// </summary>
public interface IHostResolver
{
    /// <summary>The addresses of <paramref name="host"/>; a failed lookup throws <see cref="System.Net.Sockets.SocketException"/>, as <see cref="Dns"/> does.</summary>
    Task<IPAddress[]> ResolveAsync(string host, ConnectPurpose purpose, CancellationToken cancellationToken);
}
