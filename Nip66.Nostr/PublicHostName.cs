using System.Net;

namespace Nip66.Nostr;

/// <summary>
/// Host names that never name a public relay, refused without a DNS lookup: the SSRF guard's first screen, and the
/// screen of <c>relays import</c>, the write API and discovery's candidates. A literal IP address is judged by the
/// <see cref="AddressClassifier"/>. Names under a suffix below are either reserved from the public DNS (RFC 6761
/// <c>localhost</c>, <c>test</c>, <c>invalid</c>, <c>example</c>; RFC 6762 <c>local</c>; RFC 8375 <c>home.arpa</c>;
/// ICANN's <c>internal</c> and its never-delegated <c>corp</c> and <c>home</c>) or the de facto suffixes of home and
/// office networks (<c>lan</c>, <c>intranet</c>, <c>localdomain</c>), which a split-horizon resolver may map to an
/// internal host even where the address looks public. A single-label name is a local or container service name
/// (<c>postgres</c>, <c>redis</c>) that the resolver's search list completes. <c>onion</c>, <c>i2p</c> and
/// <c>loki</c> names are relays of their own networks, not refused here.
/// </summary>
public static class PublicHostName
{
    private static readonly string[] InternalSuffixes =
    [
        "localhost", "local", "localdomain", "internal", "home.arpa", "lan", "intranet", "corp", "home", "test", "invalid", "example",
    ];

    /// <summary>True, with the reason, when <paramref name="host"/> (a name or a literal address) is not a public relay host.</summary>
    public static bool IsRefused(string host, out string reason)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (IPAddress.TryParse(name, out var literal))
        {
            var kind = AddressClassifier.Classify(literal);
            reason = kind == AddressKind.Public ? string.Empty : $"{host} is {AddressClassifier.Describe(kind)}";
            return kind != AddressKind.Public;
        }

        if (name.Length == 0 || !name.Contains('.', StringComparison.Ordinal))
        {
            reason = name == "localhost"
                ? $"{host} names this machine (a loopback address)"
                : $"{host} is a single-label name, a local or container service name rather than a public host";
            return true;
        }

        var suffix = InternalSuffixes.FirstOrDefault(s => name.EndsWith($".{s}", StringComparison.Ordinal));
        reason = suffix switch
        {
            null => string.Empty,
            "localhost" => $"{host} names this machine (a loopback address)",
            _ => $"{host} is under .{suffix}, a suffix of internal networks that public DNS does not serve",
        };
        return suffix is not null;
    }
}
