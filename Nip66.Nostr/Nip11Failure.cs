namespace Nip66.Nostr;

/// <summary>Why a NIP-11 fetch failed (<see cref="Nip11Exception.Failure"/>).</summary>
public enum Nip11Failure
{
    Timeout,
    Network,
    HttpStatus,
    TooLarge,
    Invalid,
    Redirect,
    PrivateAddress,
}
