using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

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

/// <summary>
/// Classifies addresses for the SSRF guard. IPv4-mapped IPv6 addresses are judged by the IPv4 address they carry, so
/// <c>::ffff:127.0.0.1</c> is as much loopback as <c>127.0.0.1</c>.
/// </summary>
public static class AddressClassifier
{
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address) : ClassifyV6(address);
    }

    public static bool IsPublic(IPAddress address) => Classify(address) == AddressKind.Public;

    /// <summary>Words for a failure message, e.g. "a loopback address".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "a loopback address",
        AddressKind.Private => "a private (RFC 1918) address",
        AddressKind.SharedCarrierNat => "a carrier-grade NAT (100.64/10) address",
        AddressKind.UniqueLocal => "a unique-local (fc00::/7) address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.Unspecified => "an unspecified address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.Broadcast => "a broadcast address",
        AddressKind.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static AddressKind ClassifyV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return (b[0], b[1]) switch
        {
            (0, _) => AddressKind.Unspecified,
            (127, _) => AddressKind.Loopback,
            (10, _) => AddressKind.Private,
            (172, >= 16 and < 32) => AddressKind.Private,
            (192, 168) => AddressKind.Private,
            (100, >= 64 and < 128) => AddressKind.SharedCarrierNat,
            (169, 254) => AddressKind.LinkLocal,
            ( >= 224 and < 240, _) => AddressKind.Multicast,
            (255, 255) when b[2] == 255 && b[3] == 255 => AddressKind.Broadcast,
            ( >= 240, _) => AddressKind.Reserved,
            _ => AddressKind.Public,
        };
    }

    private static AddressKind ClassifyV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any))
        {
            return AddressKind.Unspecified;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressKind.Loopback;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0xff => AddressKind.Multicast,
            >= 0xfc and <= 0xfd => AddressKind.UniqueLocal,
            0xfe when (b[1] & 0xc0) == 0x80 => AddressKind.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => AddressKind.Private, // deprecated site-local fec0::/10
            _ => AddressKind.Public,
        };
    }
}

/// <summary>
/// A semaphore per key with a fixed number of slots, created on first use and dropped when unused so memory stays
/// flat however many keys pass through. Under <see cref="AddressLimiter"/> and the checker's per-host limiter.
/// </summary>
public sealed class KeyedLimiter<TKey>(int slotsPerKey, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> entries = new(comparer);

    public int SlotsPerKey { get; } = slotsPerKey > 0 ? slotsPerKey : throw new ArgumentOutOfRangeException(nameof(slotsPerKey), "must be at least 1");

    /// <summary>Keys with a holder or a waiter.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Waits for a slot of <paramref name="key"/>; disposing the lease gives it back (once).</summary>
    public async Task<IDisposable> EnterAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(key, out entry!))
            {
                entries[key] = entry = new Entry(SlotsPerKey);
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }

        return new Lease(() => Leave(key, entry, release: true));
    }

    private void Leave(TKey key, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }

        lock (entries)
        {
            if (--entry.Users == 0)
            {
                entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry(int slots)
    {
        public SemaphoreSlim Semaphore { get; } = new(slots, slots);

        public int Users { get; set; }
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? release = release;

        public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
    }
}

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

/// <summary>Where a connection may go: the SSRF guard (off for operator relays) and the shared per-address cap.</summary>
public sealed record ConnectPolicy(bool AllowPrivateAddresses, AddressLimiter? Limiter)
{
    public static ConnectPolicy Unrestricted { get; } = new(true, null);
}

/// <summary>
/// Opens the TCP connection for both the WebSocket and the NIP-11 handler. The guard runs on each address just before
/// connecting to it, so the address judged is the address used (a DNS answer that changes between lookups cannot slip
/// through), and redirect targets pass through here like any other connection.
/// </summary>
public static class GuardedSocketConnector
{
    public static Task<(Stream Stream, IPAddress[] Resolved, IPAddress Connected)> ConnectAsync(DnsEndPoint endPoint, ConnectPolicy policy, CancellationToken ct) =>
        ConnectAsync(endPoint, policy, null, ct);

    /// <summary>As above; a slot wait pauses <paramref name="clock"/>, so it counts toward neither rtt-open nor its deadline.</summary>
    internal static async Task<(Stream Stream, IPAddress[] Resolved, IPAddress Connected)> ConnectAsync(DnsEndPoint endPoint, ConnectPolicy policy, OpenClock? clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(policy);
        var resolved = await ResolveAsync(endPoint.Host, ct).ConfigureAwait(false);
        var allowed = policy.AllowPrivateAddresses ? resolved : resolved.Where(AddressClassifier.IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            var kind = AddressClassifier.Classify(resolved[0]);
            throw new RelayConnectException(ConnectFailure.PrivateAddress,
                $"{endPoint.Host} resolves to {resolved[0]}, {AddressClassifier.Describe(kind)}; a discovered relay may not point at internal addresses");
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

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        IPAddress[] resolved;
        try
        {
            resolved = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
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

/// <summary>Why a certificate was rejected, in words an operator can act on (expired, wrong name, untrusted).</summary>
public static class TlsReason
{
    public static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add("certificate name does not match the host");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status).Distinct().Select(Chain).ToArray() ?? [];
            reasons.Add(statuses.Length > 0 ? string.Join(", ", statuses) : "certificate chain not trusted");
        }

        return string.Join("; ", reasons);
    }

    private static string Chain(X509ChainStatusFlags status) => status switch
    {
        X509ChainStatusFlags.NotTimeValid => "certificate expired or not yet valid",
        X509ChainStatusFlags.UntrustedRoot => "untrusted root (self-signed?)",
        X509ChainStatusFlags.PartialChain => "incomplete chain",
        X509ChainStatusFlags.Revoked => "certificate revoked",
        _ => status.ToString(),
    };
}
