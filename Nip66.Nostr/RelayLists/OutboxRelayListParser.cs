namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Kind 10002 (NIP-65): every <c>r</c> tag, whatever its marker (<c>read</c>, <c>write</c>, none, or the empty string
/// some clients write). <see cref="Discovery.RelayListMetadata"/> is the monitor's own 10002 and keeps write relays only.
/// </summary>
public sealed class OutboxRelayListParser : RelayListParser
{
    public override IReadOnlyList<int> Kinds { get; } = [Discovery.RelayListMetadata.Kind];

    protected override RelayMentions Parse(NostrEvent e) => Collect(e.TagValues("r"));
}
