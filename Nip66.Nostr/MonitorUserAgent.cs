using System.Reflection;

namespace Nip66.Nostr;

/// <summary>
/// The User-Agent of every request to a relay (WebSocket upgrade and NIP-11): the software, its version, where to
/// read about it and, when configured, how to reach the operator, so that a relay operator who sees us in a log
/// knows who is knocking and whom to ask to stop.
/// </summary>
public static class MonitorUserAgent
{
    public const string Product = "nip66-monitor";

    /// <summary>Where a relay operator reads what the software does when the monitor has no website of its own.</summary>
    public const string DefaultInfoUrl = "https://github.com/nostr-protocol/nips/blob/master/66.md";

    public static string Version { get; } = ReadVersion();

    /// <summary>The User-Agent without operator details (for example <c>nip66 check</c>).</summary>
    public static string Default { get; } = Build(null, null);

    /// <summary>
    /// <c>nip66-monitor/VERSION (+INFO-URL; NIP-66 relay monitor; contact CONTACT)</c>. A website or contact that
    /// would break the header comment is left out rather than sent mangled.
    /// </summary>
    public static string Build(string? website, string? contact)
    {
        var info = website is not null && IsCommentSafe(website) ? website : DefaultInfoUrl;
        var reach = contact is not null && IsCommentSafe(contact) ? $"; contact {contact}" : string.Empty;
        return $"{Product}/{Version} (+{info}; NIP-66 relay monitor{reach})";
    }

    /// <summary>Printable ASCII without the characters that end or escape an HTTP comment.</summary>
    public static bool IsCommentSafe(string text) =>
        text.Length is > 0 and <= 200 && text.All(c => c is >= ' ' and <= '~' and not ('(' or ')' or '\\'));

    private static string ReadVersion()
    {
        var informational = typeof(MonitorUserAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        // The SDK appends "+<commit>"; the release number is what an operator needs.
        return informational?.Split('+', 2)[0] is { Length: > 0 } version ? version : "0.0.0";
    }
}
