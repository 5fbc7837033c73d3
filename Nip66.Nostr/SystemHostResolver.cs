using System.Net;

namespace Nip66.Nostr;

/// <summary>The operating system's resolver, for every connection of a running monitor.</summary>
public sealed class SystemHostResolver : IHostResolver
{
    private SystemHostResolver()
    {
    }

    public static SystemHostResolver Instance { get; } = new();

    public Task<IPAddress[]> ResolveAsync(string host, ConnectPurpose purpose, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
