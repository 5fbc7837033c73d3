namespace Nip66.Persistence;

/// <summary>Where a discovered URL stands (<see cref="RelayCandidate.State"/>); stored as a number.</summary>
public enum CandidateState
{
    /// <summary>Waiting for a check that sees it speak Nostr.</summary>
    Pending = 0,

    /// <summary>Refused on sight (<see cref="RelayCandidate.Reason"/>): never checked.</summary>
    Refused = 1,

    /// <summary>Spoke Nostr once: now a monitored relay of origin <see cref="RelayOrigin.Discovered"/>.</summary>
    Promoted = 2,

    /// <summary>Given up (<see cref="RelayCandidate.Reason"/>): never spoke Nostr in its tries, or offline too long once promoted.</summary>
    Retired = 3,
}
