namespace Nip66.Nostr;

/// <summary>An event before signing: what the author decides. Id, pubkey and sig follow from it and the key.</summary>
public sealed record UnsignedEvent(long CreatedAt, int Kind, IReadOnlyList<IReadOnlyList<string>> Tags, string Content);
