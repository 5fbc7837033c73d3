using System.Net;
using System.Net.Sockets;

namespace Nip66.Nostr;

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
