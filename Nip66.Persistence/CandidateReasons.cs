namespace Nip66.Persistence;

/// <summary>
/// The words of <see cref="RelayCandidate.Reason"/> and <see cref="Relay.RetiredReason"/>, defined once: why a URL
/// was refused on sight, or why a candidate or a discovered relay was given up. Stored and shown as they are, and the
/// <c>reason</c> label of the discovery metrics.
/// </summary>
public static class CandidateReasons
{
    /// <summary>Not a ws:// or wss:// URL (another scheme, <c>javascript:</c>, credentials, or no URL at all).</summary>
    public const string NotRelayUrl = "not-relay-url";

    /// <summary>A normalized URL longer than any relay's (<see cref="Candidates.CandidateScreen.MaxUrlLength"/>).</summary>
    public const string TooLong = "too-long";

    /// <summary>Its operator asked not to be monitored (<c>OptOut</c>).</summary>
    public const string OptedOut = "opted-out";

    /// <summary>A literal private, loopback, link-local or reserved address (the SSRF guard's ranges).</summary>
    public const string PrivateAddress = "private-address";

    /// <summary>A host name that is never public (<c>localhost</c>, a single label, <c>.local</c>, <c>.internal</c>, ...).</summary>
    public const string InternalHost = "internal-host";

    /// <summary>Its host already holds <c>Discovery:PerHostLimit</c> candidates and discovered relays.</summary>
    public const string HostLimit = "host-limit";

    /// <summary>A candidate that did not speak Nostr in <c>Discovery:MaxTries</c> checks.</summary>
    public const string NeverSpokeNostr = "never-spoke-nostr";

    /// <summary>A discovered relay not up for <c>Discovery:RetireOfflineDays</c>.</summary>
    public const string Offline = "offline";
}
