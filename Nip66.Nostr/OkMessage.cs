namespace Nip66.Nostr;

public sealed record OkMessage(string EventId, bool Accepted, RelayReason Reason) : RelayMessage;
