namespace Nip66.Persistence;

/// <summary>
/// The words of <see cref="RelayCandidate.Reason"/> and <see cref="Relay.RetiredReason"/>, defined once: why a URL
/// was refused on sight, or why a candidate or a discovered relay was given up. Stored and shown as they are.
/// </summary>
public static class CandidateReasons
{
    /// <summary>A candidate that did not speak Nostr in <c>Discovery:MaxTries</c> checks.</summary>
    public const string NeverSpokeNostr = "never-spoke-nostr";

    /// <summary>A discovered relay not up for <c>Discovery:RetireOfflineDays</c>.</summary>
    public const string Offline = "offline";
}
