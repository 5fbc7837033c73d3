using Nip66.Nostr.Discovery;

namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Kind 30166 from other monitors, and its legacy form 30066 (NIP-66 drafts up to 6): the <c>d</c> tag, the relay
/// the report is about. Whether the author is a monitor is the caller's rule: one who has published a 10166
/// (<see cref="MonitorSightingParser"/>).
/// </summary>
public sealed class MonitorReportParser : RelayListParser
{
    public const int LegacyKind = 30066;

    public override IReadOnlyList<int> Kinds { get; } = [RelayDiscovery.Kind, LegacyKind];

    protected override RelayMentions Parse(NostrEvent e) =>
        e.TagValue("d") is { } relay ? Collect([relay]) : RelayMentions.Skipped($"kind {e.Kind} event has no d tag");
}
