namespace Nip66.Nostr;

public enum ConnectFailure
{
    Dns,
    Refused,
    Timeout,
    Tls,
    HttpStatus,
    Network,
    PrivateAddress,

    /// <summary>A resolver failure other than "no such name" (<see cref="Dns"/>): it may answer next time.</summary>
    DnsTemporary,
}
