namespace Nip66.Nostr.RelayLists;

/// <summary>The relay-list parser of every source kind, defined once.</summary>
public static class RelayListParsers
{
    public static OutboxRelayListParser Outbox { get; } = new();

    public static ContactListRelayMapParser ContactList { get; } = new();

    public static RelaySetParser RelaySet { get; } = new();

    public static RecommendRelayParser Recommend { get; } = new();

    public static MonitorReportParser MonitorReport { get; } = new();

    public static IReadOnlyList<RelayListParser> All { get; } = [Outbox, ContactList, RelaySet, Recommend, MonitorReport];

    /// <summary>The parser that reads <paramref name="kind"/>, or null when no source reads it.</summary>
    public static RelayListParser? ForKind(int kind) => All.FirstOrDefault(p => p.Kinds.Contains(kind));
}
