namespace Nip66.Nostr.Discovery;

/// <summary>Kind 10002 (NIP-65): the relays the monitor writes its events to.</summary>
public sealed record RelayListMetadata(IReadOnlyList<string> WriteRelays)
{
    public const int Kind = 10002;

    public UnsignedEvent ToEvent(long createdAt) =>
        new(createdAt, Kind, WriteRelays.Distinct().Select(r => (IReadOnlyList<string>)["r", r, "write"]).ToArray(), string.Empty);

    public static RelayListMetadata Parse(NostrEvent e) =>
        e.Kind == Kind
            ? new RelayListMetadata(e.Tags.Where(t => t.Count >= 2 && t[0] == "r" && (t.Count == 2 || t[2] == "write")).Select(t => t[1]).ToArray())
            : throw new FormatException($"expected kind {Kind}, got {e.Kind}");
}
