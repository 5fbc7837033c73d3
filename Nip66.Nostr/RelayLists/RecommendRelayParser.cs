namespace Nip66.Nostr.RelayLists;

/// <summary>Kind 2 (deprecated "recommend relay", still found in old data): the content is one relay URL.</summary>
public sealed class RecommendRelayParser : RelayListParser
{
    public const int Kind = 2;

    public override IReadOnlyList<int> Kinds { get; } = [Kind];

    protected override RelayMentions Parse(NostrEvent e) =>
        string.IsNullOrWhiteSpace(e.Content) ? RelayMentions.Skipped("kind 2 content is empty: it recommends no relay") : Collect([e.Content]);
}
