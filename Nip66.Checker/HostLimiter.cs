using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>At most one check per relay host at a time, so relays sharing a host are not hammered together.</summary>
public sealed class HostLimiter
{
    private readonly KeyedLimiter<string> hosts = new(1, StringComparer.OrdinalIgnoreCase);

    public Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken) => hosts.EnterAsync(host, cancellationToken);
}
