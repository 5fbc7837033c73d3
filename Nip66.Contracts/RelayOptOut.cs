namespace Nip66.Contracts;

/// <summary>
/// Relays whose operators asked not to be monitored. A host entry covers the host and every subdomain (whoever runs
/// example.com runs its subdomains); a URL entry covers that normalized URL and the paths under it. Every role that
/// could contact a relay asks this list, so one config key (<c>OptOut</c>) keeps the monitor away everywhere.
/// </summary>
public sealed class RelayOptOut
{
    private readonly string[] hosts;
    private readonly string[] urlPrefixes;

    /// <param name="hosts">Lower-case host names or IP addresses.</param>
    /// <param name="urlPrefixes">Normalized ws:// or wss:// URLs (Nip66.Nostr.RelayUrl).</param>
    public RelayOptOut(IEnumerable<string> hosts, IEnumerable<string> urlPrefixes)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(urlPrefixes);
        this.hosts = [.. hosts.Select(h => h.TrimEnd('.').ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
        this.urlPrefixes = [.. urlPrefixes.Distinct(StringComparer.Ordinal)];
    }

    public static RelayOptOut None { get; } = new([], []);

    public bool IsEmpty => hosts.Length == 0 && urlPrefixes.Length == 0;

    public int Count => hosts.Length + urlPrefixes.Length;

    /// <summary>True when the normalized relay URL must not be contacted.</summary>
    public bool Excludes(string normalizedUrl)
    {
        if (IsEmpty)
        {
            return false;
        }

        if (Uri.TryCreate(normalizedUrl, UriKind.Absolute, out var uri) && CoversHost(uri.IdnHost))
        {
            return true;
        }

        foreach (var prefix in urlPrefixes)
        {
            if (CoversUrl(prefix, normalizedUrl))
            {
                return true;
            }
        }

        return false;
    }

    private bool CoversHost(string host)
    {
        host = host.TrimEnd('.').ToLowerInvariant();
        foreach (var entry in hosts)
        {
            if (host == entry || (host.Length > entry.Length && host.EndsWith(entry, StringComparison.Ordinal) && host[^(entry.Length + 1)] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    // "wss://h/a" covers wss://h/a, wss://h/a/b and wss://h/a?x, not wss://h/ab.
    private static bool CoversUrl(string prefix, string url) =>
        url.StartsWith(prefix, StringComparison.Ordinal)
        && (url.Length == prefix.Length || prefix.EndsWith('/') || url[prefix.Length] is '/' or '?');
}
