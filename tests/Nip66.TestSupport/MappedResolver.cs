using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Nip66.Nostr;

namespace Nip66.TestSupport;

/// <summary>
/// A resolver that answers from a table, per host and per purpose (so the WebSocket lookup and the NIP-11 lookup of one
/// name can get different answers, as a rebinding DNS server gives them); an unknown name is NXDOMAIN. Every lookup
/// is recorded, so a test can show that a refused name was never looked up.
/// </summary>
public sealed class MappedResolver : IHostResolver
{
    private readonly Dictionary<(string Host, ConnectPurpose Purpose), IPAddress[]> answers = [];

    public ConcurrentQueue<(string Host, ConnectPurpose Purpose)> Lookups { get; } = new();

    /// <summary>Answers <paramref name="host"/> with <paramref name="addresses"/> for every purpose.</summary>
    public MappedResolver Map(string host, params string[] addresses) =>
        Map(host, ConnectPurpose.WebSocket, addresses).Map(host, ConnectPurpose.Nip11, addresses);

    public MappedResolver Map(string host, ConnectPurpose purpose, params string[] addresses)
    {
        answers[(host, purpose)] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, ConnectPurpose purpose, CancellationToken cancellationToken)
    {
        Lookups.Enqueue((host, purpose));
        return answers.TryGetValue((host, purpose), out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    }
}
