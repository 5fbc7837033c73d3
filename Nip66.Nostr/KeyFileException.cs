namespace Nip66.Nostr;

public sealed class KeyFileException(string message) : Exception(message);
