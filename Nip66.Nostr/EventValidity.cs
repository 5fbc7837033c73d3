namespace Nip66.Nostr;

public enum EventValidity
{
    Valid,
    IdMismatch,
    BadSignature,
}
