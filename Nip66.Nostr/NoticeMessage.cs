namespace Nip66.Nostr;

public sealed record NoticeMessage(string Text) : RelayMessage;
