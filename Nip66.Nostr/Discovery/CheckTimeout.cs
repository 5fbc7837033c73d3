namespace Nip66.Nostr.Discovery;

public sealed record CheckTimeout(string Check, int Milliseconds);
