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
}
