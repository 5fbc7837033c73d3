namespace Nip66.Nostr;

public sealed record AuthMessage(string Challenge) : RelayMessage;
