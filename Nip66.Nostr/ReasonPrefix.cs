namespace Nip66.Nostr;

/// <summary>The machine-readable prefixes of NIP-01 <c>OK</c>/<c>CLOSED</c> messages (and NIP-42's).</summary>
public enum ReasonPrefix
{
    None,
    Unknown,
    Duplicate,
    Pow,
    Blocked,
    RateLimited,
    Invalid,
    Restricted,
    Mute,
    Error,
    AuthRequired,
    PaymentRequired,
}
