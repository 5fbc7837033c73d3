namespace Nip66.Nostr;

public sealed record ClosedMessage(string SubscriptionId, RelayReason Reason) : RelayMessage;
