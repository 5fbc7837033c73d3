namespace Nip66.Nostr.RelayLists;

/// <summary>Kind 30002 (NIP-51 relay sets): every <c>relay</c> tag.</summary>
public sealed class RelaySetParser : RelayListParser
{
    public const int Kind = 30002;

    public override IReadOnlyList<int> Kinds { get; } = [Kind];

    protected override RelayMentions Parse(NostrEvent e) => Collect(e.TagValues("relay"));
}
