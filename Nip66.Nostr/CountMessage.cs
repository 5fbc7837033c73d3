namespace Nip66.Nostr;

public sealed record CountMessage(string SubscriptionId, long Value) : RelayMessage;
