namespace Nip66.Nostr;

/// <summary>
/// NIP-42: the kind 22242 event a client signs to answer a relay's AUTH challenge, naming the relay it answers (so an
/// answer cannot be replayed to another relay) and the challenge. Every AUTH the monitor sends is built here.
/// </summary>
public sealed record AuthEvent(string Relay, string Challenge)
{
    public const int Kind = 22242;

    public UnsignedEvent ToEvent(long createdAt) =>
        new(createdAt, Kind, [["relay", Relay], ["challenge", Challenge]], string.Empty);

    /// <summary>An answer as a relay reads it; a <see cref="FormatException"/> names what is wrong with it.</summary>
    public static AuthEvent Parse(NostrEvent e) =>
        e.Kind != Kind ? throw new FormatException($"kind must be {Kind}")
        : new AuthEvent(
            e.TagValue("relay") ?? throw new FormatException("no relay tag"),
            e.TagValue("challenge") ?? throw new FormatException("no challenge tag"));
}
