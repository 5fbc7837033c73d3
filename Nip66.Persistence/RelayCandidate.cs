namespace Nip66.Persistence;

/// <summary>
/// A relay URL found on the network (table <c>relay_candidates</c>), with where it was first seen and how widely it is
/// mentioned. One row per URL: normalized by the rule of the 30166 <c>d</c> tag, or for a text that is no relay URL at
/// all, that text made safe and cut (so a refusal is counted once, however often it is repeated).
/// </summary>
public sealed class RelayCandidate
{
    public long Id { get; set; }

    public required string Url { get; set; }

    /// <summary>
    /// The host the per-host limit counts against (<c>Candidates.CandidateHost</c>: the domain a farm of subdomains
    /// shares), lower case; empty for a text that is no URL. Spam lists are capped per host.
    /// </summary>
    public required string Host { get; set; }

    public CandidateState State { get; set; }

    /// <summary>Why it was refused or retired (a word of <c>CandidateReasons</c>); null while pending or promoted.</summary>
    public string? Reason { get; set; }

    /// <summary>The event kind it was first seen in (10002, 3, 30002, 30166).</summary>
    public int FirstSourceKind { get; set; }

    public required string FirstEventId { get; set; }

    public required string FirstAuthor { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>How many distinct authors mention it (the rows of <see cref="CandidateMention"/>).</summary>
    public int Authors { get; set; }

    /// <summary>Validation checks made so far, the promoting one included.</summary>
    public int Tries { get; set; }

    /// <summary>A pending candidate is not checked again before this time; null means at the next cycle.</summary>
    public DateTimeOffset? NextTryAt { get; set; }

    public DateTimeOffset? LastTriedAt { get; set; }

    /// <summary>
    /// The cycle of the last validation check: a redelivered result of that cycle changes nothing, and a result that
    /// did not promote counts as stored for its cycle (one that did is the relay's first check result).
    /// </summary>
    public Guid? LastCycleId { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
