namespace Nip66.Persistence.Candidates;

/// <summary>A mentioned URL text as the <see cref="CandidateScreen"/> judged it.</summary>
/// <param name="Key">The candidate's <see cref="RelayCandidate.Url"/>: the normalized URL, or for a text refused as no relay URL that text made safe and cut.</param>
/// <param name="Host">The <see cref="CandidateHost"/> of the URL; empty for a text that is no URL.</param>
/// <param name="Reason">A word of <see cref="CandidateReasons"/> when refused on sight; null when it may become a candidate.</param>
public readonly record struct ScreenedUrl(string Key, string Host, string? Reason);
