using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>
/// How long an offline relay is left alone after <c>n</c> consecutive failures. The first
/// <see cref="FreeFailures"/> failures cost nothing (checked again next cycle); from the third on the delay starts
/// at the class's base and doubles up to its cap:
/// dns 6 h → 7 d; refused, tls, http-status 1 h → 24 h; timeout, network and anything else 30 min → 6 h.
/// </summary>
public static class BackoffLadder
{
    public const int FreeFailures = 2;

    public static TimeSpan Delay(FailureClass? failureClass, int consecutiveFailures)
    {
        if (consecutiveFailures <= FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var (first, cap) = Ladder(failureClass);
        var delay = first;
        for (var step = FreeFailures + 1; step < consecutiveFailures && delay < cap; step++)
        {
            delay += delay;
        }

        return delay < cap ? delay : cap;
    }

    /// <summary>The first delay and the cap of a failure class.</summary>
    public static (TimeSpan First, TimeSpan Cap) Ladder(FailureClass? failureClass) => failureClass switch
    {
        FailureClass.Dns => (TimeSpan.FromHours(6), TimeSpan.FromDays(7)),
        FailureClass.Refused or FailureClass.Tls or FailureClass.HttpStatus => (TimeSpan.FromHours(1), TimeSpan.FromHours(24)),
        _ => (TimeSpan.FromMinutes(30), TimeSpan.FromHours(6)),
    };
}
