namespace Nip66.Nostr;

public sealed record EoseMessage(string SubscriptionId) : RelayMessage;
