using System.Net;
using System.Net.Sockets;

namespace Nip66.Nostr;

/// <summary>
/// Opens the TCP connection for both the WebSocket and the NIP-11 handler. A guarded connection first refuses a host
/// name that is never public (<see cref="PublicHostName"/>) without looking it up; then the guard runs on each address
/// the policy's resolver answers, just before connecting to it, so the address judged is the address used (a DNS answer
/// that changes between lookups cannot slip through), and redirect targets pass through here like any other connection.
/// </summary>
public static class GuardedSocketConnector
{
    public static Task<(Stream Stream, IPAddress[] Resolved, IPAddress Connected)> ConnectAsync(DnsEndPoint endPoint, ConnectPolicy policy, ConnectPurpose purpose, CancellationToken ct) =>
        ConnectAsync(endPoint, policy, purpose, null, ct);

    /// <summary>As above; a slot wait pauses <paramref name="clock"/>, so it counts toward neither rtt-open nor its deadline.</summary>
    internal static async Task<(Stream Stream, IPAddress[] Resolved, IPAddress Connected)> ConnectAsync(
        DnsEndPoint endPoint, ConnectPolicy policy, ConnectPurpose purpose, OpenClock? clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.AllowPrivateAddresses && !IPAddress.TryParse(endPoint.Host, out _) && PublicHostName.IsRefused(endPoint.Host, out var reason))
        {
            throw new RelayConnectException(ConnectFailure.PrivateAddress, $"{reason}; a guarded relay may not point at internal hosts");
        }

        var resolved = await ResolveAsync(endPoint.Host, policy.Resolver, purpose, ct).ConfigureAwait(false);
        var allowed = resolved.Where(policy.Allows).ToArray();
        if (allowed.Length == 0)
        {
            var kind = AddressClassifier.Classify(resolved[0]);
            throw new RelayConnectException(ConnectFailure.PrivateAddress,
                $"{endPoint.Host} resolves to {resolved[0]}, {AddressClassifier.Describe(kind)}; a guarded relay may not point at internal addresses");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var lease = policy.Limiter is { } limiter && limiter.Applies(address) ? await AcquireSlotAsync(limiter, address, clock, ct).ConfigureAwait(false) : null;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), ct).ConfigureAwait(false);
                return (new LeasedNetworkStream(socket, lease), resolved, address);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lease?.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                lease?.Dispose();
                throw;
            }
        }

        throw last!.SocketErrorCode == SocketError.ConnectionRefused
            ? new RelayConnectException(ConnectFailure.Refused, $"connection to {endPoint.Host}:{endPoint.Port} refused", inner: last)
            : new RelayConnectException(ConnectFailure.Network, $"cannot reach {endPoint.Host}:{endPoint.Port}: {last.SocketErrorCode}", inner: last);
    }

    private static async Task<IDisposable> AcquireSlotAsync(AddressLimiter limiter, IPAddress address, OpenClock? clock, CancellationToken ct)
    {
        clock?.PauseForSlot();
        try
        {
            return await limiter.EnterAsync(address, ct).ConfigureAwait(false);
        }
        finally
        {
            clock?.ResumeAfterSlot();
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, IHostResolver resolver, ConnectPurpose purpose, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        IPAddress[] resolved;
        try
        {
            resolved = await resolver.ResolveAsync(host, purpose, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new RelayConnectException(RelayConnection.DnsFailure(e.SocketErrorCode), $"DNS lookup of {host} failed: {e.SocketErrorCode}", inner: e);
        }

        return resolved.Length > 0 ? resolved : throw new RelayConnectException(ConnectFailure.DnsTemporary, $"DNS lookup of {host} returned no address");
    }

    /// <summary>Gives the per-address slot back when the connection closes, however it closes.</summary>
    private sealed class LeasedNetworkStream(Socket socket, IDisposable? lease) : NetworkStream(socket, ownsSocket: true)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            lease?.Dispose();
        }
    }
}
