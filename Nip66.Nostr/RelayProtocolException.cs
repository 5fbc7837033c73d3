namespace Nip66.Nostr;

/// <summary>A relay broke NIP-01. The message may quote the relay, so it is <see cref="SafeText"/>.</summary>
public sealed class RelayProtocolException(string message) : Exception(SafeText.Clean(message));
