namespace Nip66.Persistence;

/// <summary>
/// The words of <see cref="RelayCandidate.Reason"/>, defined once: stored, exported as the <c>reason</c> label of the
/// discovery metrics and shown to the operator.
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

    /// <summary>Every reason a candidate is refused on sight, for reports that list them all.</summary>
    public static IReadOnlyList<string> Refusals { get; } = [NotRelayUrl, TooLong, OptedOut, PrivateAddress, InternalHost, HostLimit];
}
