using System.Net;
using Nip66.Nostr;

namespace Nip66.Persistence.Candidates;

/// <summary>
/// The host a candidate counts against for <c>Discovery:PerHostLimit</c>: whoever runs a domain runs its subdomains,
/// so a farm of subdomains is one host. Ideally the registrable domain, which needs the public suffix list; without it
/// the domain is cut to its last two labels (<c>a.b.example.com</c> -> <c>example.com</c>), three under a common
/// second level of a country code (<c>relay.example.co.uk</c> -> <c>example.co.uk</c>) and for I2P's <c>b32.i2p</c>.
/// A literal address is its own host; a <c>.onion</c> name keeps its service label. The cost: the relays of a hosting
/// service under one domain (<c>name.nostr1.com</c>) share one allowance; the operator adds more of them by hand.
/// </summary>
public static class CandidateHost
{
    // Second-level labels under which country codes register names (co.uk, com.au, ne.jp, org.br, gov.in, ...).
    private static readonly HashSet<string> CountrySecondLevels = new(StringComparer.Ordinal)
    {
        "ac", "co", "com", "edu", "gob", "go", "gov", "ltd", "mil", "ne", "net", "nic", "nom", "or", "org", "plc",
    };

    /// <summary>The host of <paramref name="url"/>'s site, lower case.</summary>
    public static string Of(RelayUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.Host.TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(host, out _))
        {
            return host;
        }

        var labels = host.Split('.');
        if (labels.Length <= 2)
        {
            return host;
        }

        var top = labels[^1];
        var second = labels[^2];
        var kept = (top.Length == 2 && CountrySecondLevels.Contains(second)) || (top == "i2p" && second == "b32") ? 3 : 2;
        return string.Join('.', labels[^kept..]);
    }
}
