namespace Nip66.Nostr;

public sealed record RelayReason(ReasonPrefix Prefix, string Text)
{
    public static RelayReason Parse(string? message)
    {
        message ??= string.Empty;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new RelayReason(ReasonPrefix.None, message);
        }

        var prefix = message[..colon].Trim().ToLowerInvariant() switch
        {
            "duplicate" => ReasonPrefix.Duplicate,
            "pow" => ReasonPrefix.Pow,
            "blocked" => ReasonPrefix.Blocked,
            "rate-limited" => ReasonPrefix.RateLimited,
            "invalid" => ReasonPrefix.Invalid,
            "restricted" => ReasonPrefix.Restricted,
            "mute" => ReasonPrefix.Mute,
            "error" => ReasonPrefix.Error,
            "auth-required" => ReasonPrefix.AuthRequired,
            "payment-required" => ReasonPrefix.PaymentRequired,
            _ => ReasonPrefix.Unknown,
        };
        return new RelayReason(prefix, message);
    }

    public override string ToString() => Text;
}
