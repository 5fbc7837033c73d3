namespace Nip66.Nostr;

/// <summary>A NIP-01 REQ filter; only the fields a monitor needs.</summary>
public sealed record Filter
{
    public IReadOnlyList<string>? Ids { get; init; }

    public IReadOnlyList<string>? Authors { get; init; }

    public IReadOnlyList<int>? Kinds { get; init; }

    public IReadOnlyDictionary<char, IReadOnlyList<string>>? Tags { get; init; }

    public long? Since { get; init; }

    public long? Until { get; init; }

    public int? Limit { get; init; }

    /// <summary>Whether <paramref name="e"/> is one this filter asks for (NIP-01: every field given must match).</summary>
    public bool Matches(NostrEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (Ids is null || Ids.Contains(e.Id)) &&
            (Authors is null || Authors.Contains(e.PubKey)) &&
            (Kinds is null || Kinds.Contains(e.Kind)) &&
            (Since is not { } since || e.CreatedAt >= since) &&
            (Until is not { } until || e.CreatedAt <= until) &&
            (Tags is null || Tags.All(wanted => e.Tags.Any(t => t.Count > 1 && t[0].Length == 1 && t[0][0] == wanted.Key && wanted.Value.Contains(t[1]))));
    }
}
