namespace Nip66.Nostr;

/// <summary>A signed NIP-01 event. Instances come from <see cref="EventBuilder.Sign"/> or from <see cref="EventParser"/>.</summary>
public sealed record NostrEvent(
    string Id,
    string PubKey,
    long CreatedAt,
    int Kind,
    IReadOnlyList<IReadOnlyList<string>> Tags,
    string Content,
    string Sig)
{
    /// <summary>First value of the first tag with this name, or null.</summary>
    public string? TagValue(string name) =>
        Tags.FirstOrDefault(t => t.Count > 1 && t[0] == name) is { } tag ? tag[1] : null;

    /// <summary>Second elements of every tag with this name, in order.</summary>
    public IEnumerable<string> TagValues(string name) =>
        Tags.Where(t => t.Count > 1 && t[0] == name).Select(t => t[1]);

    public string ToJson() => NostrJson.EventToString(this);
}
