using System.Net;
using System.Net.Sockets;

namespace Nip66.Nostr;

/// <summary>
/// Classifies addresses for the SSRF guard (IANA's special-purpose registries). An IPv6 address that carries an IPv4
/// address a router will reach (IPv4-mapped, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) is judged by that IPv4
/// address, so <c>::ffff:127.0.0.1</c> and <c>64:ff9b::a00:1</c> are as internal as <c>127.0.0.1</c> and
/// <c>10.0.0.1</c>, while a monitor behind DNS64 still reaches every public IPv4-only relay.
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
        return ClassifyV4(b);
    }

    private static AddressKind ClassifyV4(ReadOnlySpan<byte> b) => (b[0], b[1], b[2]) switch
    {
        (0, _, _) => AddressKind.Unspecified,
        (127, _, _) => AddressKind.Loopback,
        (10, _, _) => AddressKind.Private,
        (172, >= 16 and < 32, _) => AddressKind.Private,
        (192, 168, _) => AddressKind.Private,
        (100, >= 64 and < 128, _) => AddressKind.SharedCarrierNat,
        (169, 254, _) => AddressKind.LinkLocal,
        (192, 0, 0) => AddressKind.Reserved, // IETF protocol assignments (DS-Lite, PCP anycast ...)
        (192, 0, 2) or (198, 51, 100) or (203, 0, 113) => AddressKind.Reserved, // documentation
        (192, 88, 99) => AddressKind.Reserved, // deprecated 6to4 relay anycast
        (198, 18 or 19, _) => AddressKind.Reserved, // benchmarking
        ( >= 224 and < 240, _, _) => AddressKind.Multicast,
        (255, 255, 255) when b[3] == 255 => AddressKind.Broadcast,
        ( >= 240, _, _) => AddressKind.Reserved,
        _ => AddressKind.Public,
    };

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
        if (StartsWith(b, 0x00, 0x64, 0xff, 0x9b) && IsZero(b[4..12]))
        {
            return ClassifyV4(b[12..]); // NAT64 well-known prefix 64:ff9b::/96
        }

        if (StartsWith(b, 0x20, 0x02))
        {
            return ClassifyV4(b[2..6]); // 6to4 2002::/16
        }

        return (b[0], b[1], b[2], b[3]) switch
        {
            (0xff, _, _, _) => AddressKind.Multicast,
            ( >= 0xfc and <= 0xfd, _, _, _) => AddressKind.UniqueLocal,
            (0xfe, _, _, _) when (b[1] & 0xc0) == 0x80 => AddressKind.LinkLocal,
            (0xfe, _, _, _) when (b[1] & 0xc0) == 0xc0 => AddressKind.Private, // deprecated site-local fec0::/10

            // Only 2000::/3 is global unicast: this takes IPv4-compatible ::/96, local-use NAT64 64:ff9b:1::/48 and
            // discard-only 100::/64 with the rest of the space the IETF keeps.
            ( < 0x20 or >= 0x40, _, _, _) => AddressKind.Reserved,
            (0x20, 0x01, 0x00, 0x00) => AddressKind.Reserved, // Teredo 2001::/32 (its IPv4 is obfuscated)
            (0x20, 0x01, 0x00, 0x02) when b[4] == 0 && b[5] == 0 => AddressKind.Reserved, // benchmarking 2001:2::/48
            (0x20, 0x01, 0x00, >= 0x10 and < 0x30) => AddressKind.Reserved, // ORCHID 2001:10::/28 and 2001:20::/28
            (0x20, 0x01, 0x0d, 0xb8) => AddressKind.Reserved, // documentation 2001:db8::/32
            (0x3f, 0xff, < 0x10, _) => AddressKind.Reserved, // documentation 3fff::/20
            _ => AddressKind.Public,
        };
    }

    private static bool IsZero(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyExcept((byte)0);

    private static bool StartsWith(ReadOnlySpan<byte> bytes, params ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);
}
