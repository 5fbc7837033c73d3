using System.Net;

namespace Nip66.Nostr;

/// <summary>
/// Address ranges the operator vouches for (config <c>Guard:TrustedRanges</c>): a guarded relay may connect into them
/// although they are not public, e.g. relays in the operator's own private network. Matched against the address
/// dialled, an IPv4-mapped IPv6 address as its IPv4 address.
/// </summary>
public sealed class TrustedRanges
{
    private readonly IPNetwork[] ranges;

    public TrustedRanges(IEnumerable<IPNetwork> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        this.ranges = [.. ranges];
    }

    public static TrustedRanges None { get; } = new([]);

    /// <summary>Reads CIDR ranges such as <c>10.0.0.0/8</c> or <c>fd00::/8</c>; false with the reason for a bad one.</summary>
    public static bool TryParse(IEnumerable<string> texts, out TrustedRanges trusted, out string error)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var parsed = new List<IPNetwork>();
        foreach (var text in texts)
        {
            if (!text.Contains('/', StringComparison.Ordinal))
            {
                (trusted, error) = (None, $"'{text}' is not a CIDR range: give a prefix length, e.g. 10.0.0.0/8, 192.168.1.20/32 or fd00::/8");
                return false;
            }

            if (!IPNetwork.TryParse(text, out var network))
            {
                (trusted, error) = (None, $"'{text}' is not a CIDR range: expected an IPv4 or IPv6 address, a slash and a prefix length within the address (10.0.0.0/8, fd00::/8)");
                return false;
            }

            // IPNetwork drops the bits past the prefix silently; a typo there would trust more than the operator meant.
            if (!IPAddress.Parse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal))).Equals(network.BaseAddress))
            {
                (trusted, error) = (None, $"'{text}' is not a CIDR range: it has bits set past the prefix; the range starts at {network}");
                return false;
            }

            parsed.Add(network);
        }

        (trusted, error) = (parsed.Count == 0 ? None : new TrustedRanges(parsed), string.Empty);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var dialled = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return ranges.Any(range => range.Contains(dialled));
    }
}
