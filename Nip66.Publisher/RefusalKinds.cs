using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Publisher;

/// <summary>
/// What an <c>OK false</c> from a publish relay means for the delivery, by its NIP-01 prefix. Only <c>rate-limited:</c>
/// and <c>error:</c> ask to try later; every other refusal (<c>invalid:</c>, <c>blocked:</c>, <c>pow:</c>,
/// <c>restricted:</c>, <c>mute:</c>, <c>payment-required:</c>, <c>auth-required:</c> after the monitor authenticated,
/// an unknown prefix or none) would be given again to the same event, so it is recorded once and not retried.
/// <c>duplicate:</c> means the relay already has the event: delivered.
/// </summary>
public static class RefusalKinds
{
    public static DeliveryOutcome OutcomeOf(OkMessage ok)
    {
        ArgumentNullException.ThrowIfNull(ok);
        if (ok.Accepted)
        {
            return DeliveryOutcome.Accepted;
        }

        return ok.Reason.Prefix switch
        {
            ReasonPrefix.Duplicate => DeliveryOutcome.Accepted,
            ReasonPrefix.RateLimited or ReasonPrefix.Error => DeliveryOutcome.RefusedTemporarily,
            _ => DeliveryOutcome.Refused,
        };
    }
}
