namespace Nip66.Contracts;

public enum FailureClass
{
    /// <summary>The name does not exist (NXDOMAIN): a definite answer, backed off long.</summary>
    Dns,
    Refused,
    Timeout,
    Tls,
    HttpStatus,
    Network,
    Protocol,
    AuthRequired,
    PaymentRequired,
    Restricted,
    RateLimited,
    Pow,
    Invalid,

    /// <summary>A guarded (discovered) relay resolved to a private, loopback, link-local or otherwise internal address.</summary>
    PrivateAddress,

    /// <summary>The resolver could not answer now (SERVFAIL, timeout, no address): may pass, backed off short.</summary>
    DnsTemporary,

    /// <summary>
    /// The monitor failed, not the relay: an unexpected exception inside a probe, its type in the message. The check
    /// still yields a result (the cycle counts the relay), and the relay is never backed off for it.
    /// </summary>
    Internal,
}
