namespace Nip66.Nostr;

public sealed record EventMessage(string SubscriptionId, NostrEvent Value) : RelayMessage;
