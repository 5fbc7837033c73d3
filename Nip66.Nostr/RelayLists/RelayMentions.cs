namespace Nip66.Nostr.RelayLists;

/// <summary>
/// The relay URLs one event mentions, as written (cleaned by <see cref="SafeText"/>, duplicates spelled the same way
/// removed, never normalized: the candidate screen does that with <see cref="RelayUrl.TryParse"/>). A malformed event
/// mentions nothing and says why.
/// </summary>
/// <param name="Urls">In the order the event lists them.</param>
/// <param name="Dropped">Mentions left out: past <see cref="RelayListParser.MaxUrlsPerEvent"/>, longer than <see cref="RelayListParser.MaxUrlChars"/>, or no text.</param>
/// <param name="Malformed">Why the event was skipped; null when it was read.</param>
public sealed record RelayMentions(IReadOnlyList<string> Urls, int Dropped, string? Malformed)
{
    public bool IsMalformed => Malformed is not null;

    public static RelayMentions Skipped(string reason) => new([], 0, reason);
}
