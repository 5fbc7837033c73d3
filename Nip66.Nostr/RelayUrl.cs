namespace Nip66.Nostr;

/// <summary>
/// A relay address in the normal form used for NIP-66 <c>d</c> tags: lower-case scheme and host, default port
/// dropped, duplicate slashes collapsed, no trailing slash on a path, and a bare host ending in <c>/</c>.
/// </summary>
public sealed record RelayUrl
{
    private RelayUrl(Uri uri, string normalized)
    {
        Uri = uri;
        Value = normalized;
    }

    public Uri Uri { get; }

    public string Value { get; }

    public string Host => Uri.IdnHost;

    public RelayNetwork Network => Host switch
    {
        _ when Host.EndsWith(".onion", StringComparison.Ordinal) => RelayNetwork.Tor,
        _ when Host.EndsWith(".i2p", StringComparison.Ordinal) => RelayNetwork.I2p,
        _ when Host.EndsWith(".loki", StringComparison.Ordinal) => RelayNetwork.Loki,
        _ => RelayNetwork.Clearnet,
    };

    /// <summary>The NIP-11 address: the same URL with ws mapped to http and wss to https.</summary>
    public Uri HttpUri => new UriBuilder(Uri) { Scheme = Uri.Scheme == "wss" ? "https" : "http", Port = Uri.Port }.Uri;

    public static RelayUrl Parse(string text) =>
        TryParse(text, out var url, out var error) ? url : throw new FormatException(error);

    public static bool TryParse(string? text, out RelayUrl url, out string error)
    {
        url = null!;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            error = "relay URL is empty";
            return false;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"'{trimmed}' is not a relay URL: expected ws://host or wss://host";
            return false;
        }

        if (uri.Scheme is not ("ws" or "wss"))
        {
            error = $"'{trimmed}' is not a relay URL: the scheme must be ws or wss, not {uri.Scheme}";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"'{uri.Scheme}://{uri.Host}' is not a relay URL: credentials in a relay URL are not allowed";
            return false;
        }

        var path = CollapseSlashes(uri.AbsolutePath);
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost.ToLowerInvariant();
        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        var normalized = $"{uri.Scheme}://{host}{port}{(path.Length == 0 ? "/" : path)}{uri.Query}";
        url = new RelayUrl(new Uri(normalized), normalized);
        error = string.Empty;
        return true;
    }

    public override string ToString() => Value;

    private static string CollapseSlashes(string path)
    {
        while (path.Contains("//", StringComparison.Ordinal))
        {
            path = path.Replace("//", "/", StringComparison.Ordinal);
        }

        return path;
    }
}
