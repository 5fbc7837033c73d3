namespace Nip66.Nostr;

public sealed record TlsFacts(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Valid, string? Errors);
