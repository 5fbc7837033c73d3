using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>
/// How long a relay is left alone. Two ladders:
/// <list type="bullet">
/// <item>Offline relays, after <c>n</c> consecutive failures (<see cref="Delay"/>). The first
/// <see cref="FreeFailures"/> failures cost nothing (checked again next cycle); from the third on the delay starts at
/// the class's base and doubles up to its cap: dns (NXDOMAIN, the name does not exist) 6 h → 7 d; refused, tls,
/// http-status 1 h → 24 h; timeout, dns-temporary, network and anything else 30 min → 6 h; internal (the monitor's
/// own failure, not the relay's) never.</item>
/// <item>Strained relays: up (opened) but rate-limiting our probes or letting them time out, after <c>n</c>
/// consecutive strained checks (<see cref="StrainDelay"/>). A rate limit costs at once: 15 min (one cycle at the
/// default schedule) doubling to 4 h, so the relay is not asked again at full rate. Timeouts follow the offline
/// timeout ladder, free twice. Neither changes the relay's status: it keeps its last result until checked again.</item>
/// <item>Candidates that did not speak Nostr, after <c>n</c> tries (<see cref="CandidateDelay"/>): 1 h doubling to
/// 24 h. Most candidates of old lists are dead, and every slot a dead one takes from
/// <c>Discovery:ValidationsPerCycle</c> is a new candidate not checked; yet a relay down for a night or a maintenance
/// window must not be lost. At the default six tries the last comes about 31 h after the first, the tries falling at
/// different times of day. Hours, not cycles: the ladders do not depend on the schedule.</item>
/// </list>
/// </summary>
public static class BackoffLadder
{
    public const int FreeFailures = 2;

    public static readonly TimeSpan RateLimitFirst = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan RateLimitCap = TimeSpan.FromHours(4);

    public static TimeSpan Delay(FailureClass? failureClass, int consecutiveFailures)
    {
        if (consecutiveFailures <= FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var (first, cap) = Ladder(failureClass);
        return Doubling(first, cap, consecutiveFailures - FreeFailures);
    }

    public static readonly TimeSpan CandidateFirst = TimeSpan.FromHours(1);

    public static readonly TimeSpan CandidateCap = TimeSpan.FromHours(24);

    /// <summary>The wait before a candidate's next check after <paramref name="tries"/> checks that did not promote it.</summary>
    public static TimeSpan CandidateDelay(int tries) => Doubling(CandidateFirst, CandidateCap, tries);

    /// <summary>The first delay and the cap of a failure class.</summary>
    public static (TimeSpan First, TimeSpan Cap) Ladder(FailureClass? failureClass) => failureClass switch
    {
        FailureClass.Dns => (TimeSpan.FromHours(6), TimeSpan.FromDays(7)),
        FailureClass.Refused or FailureClass.Tls or FailureClass.HttpStatus => (TimeSpan.FromHours(1), TimeSpan.FromHours(24)),
        FailureClass.Internal => (TimeSpan.Zero, TimeSpan.Zero),
        _ => (TimeSpan.FromMinutes(30), TimeSpan.FromHours(6)),
    };

    /// <summary>The pause after <paramref name="consecutiveStrained"/> strained checks in a row; the longer ladder wins.</summary>
    public static TimeSpan StrainDelay(bool rateLimited, bool timedOut, int consecutiveStrained)
    {
        var rateLimitDelay = rateLimited && consecutiveStrained > 0
            ? Doubling(RateLimitFirst, RateLimitCap, consecutiveStrained)
            : TimeSpan.Zero;
        var timeoutDelay = timedOut ? Delay(FailureClass.Timeout, consecutiveStrained) : TimeSpan.Zero;
        return rateLimitDelay > timeoutDelay ? rateLimitDelay : timeoutDelay;
    }

    /// <summary><paramref name="first"/> at step 1, doubled at each further step, never above <paramref name="cap"/>.</summary>
    static TimeSpan Doubling(TimeSpan first, TimeSpan cap, int step)
    {
        var delay = first;
        for (var i = 1; i < step && delay < cap; i++)
        {
            delay += delay;
        }

        return delay < cap ? delay : cap;
    }
}
