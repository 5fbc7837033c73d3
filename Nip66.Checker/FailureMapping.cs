using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>Maps what the Nostr layer reports onto the failure classes the monitor publishes and stores.</summary>
public static class FailureMapping
{
    public static FailureClass From(ConnectFailure failure) => failure switch
    {
        ConnectFailure.Dns => FailureClass.Dns,
        ConnectFailure.DnsTemporary => FailureClass.DnsTemporary,
        ConnectFailure.Refused => FailureClass.Refused,
        ConnectFailure.Timeout => FailureClass.Timeout,
        ConnectFailure.Tls => FailureClass.Tls,
        ConnectFailure.HttpStatus => FailureClass.HttpStatus,
        ConnectFailure.PrivateAddress => FailureClass.PrivateAddress,
        _ => FailureClass.Network,
    };

    public static FailureClass From(Nip11Failure failure) => failure switch
    {
        Nip11Failure.Timeout => FailureClass.Timeout,
        Nip11Failure.Network => FailureClass.Network,
        Nip11Failure.HttpStatus or Nip11Failure.Redirect => FailureClass.HttpStatus,
        Nip11Failure.PrivateAddress => FailureClass.PrivateAddress,
        _ => FailureClass.Protocol,
    };

    /// <summary>
    /// The message of an <see cref="FailureClass.Internal"/> failure: the check, the exception's type and its message
    /// (made safe and cut where it is recorded, since an exception may quote the relay).
    /// </summary>
    public static string Internal(CheckType check, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"internal error in the {check.Name()} check: {exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>A refusal in an OK or CLOSED message; unknown or missing prefixes count as a policy refusal.</summary>
    public static FailureClass From(ReasonPrefix prefix) => prefix switch
    {
        ReasonPrefix.AuthRequired => FailureClass.AuthRequired,
        ReasonPrefix.PaymentRequired => FailureClass.PaymentRequired,
        ReasonPrefix.Pow => FailureClass.Pow,
        ReasonPrefix.RateLimited => FailureClass.RateLimited,
        ReasonPrefix.Invalid => FailureClass.Invalid,
        ReasonPrefix.Error => FailureClass.Protocol,
        _ => FailureClass.Restricted,
    };
}
