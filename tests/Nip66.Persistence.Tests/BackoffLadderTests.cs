using Nip66.Contracts;

namespace Nip66.Persistence.Tests;

public sealed class BackoffLadderTests
{
    public static TheoryData<FailureClass?, int, double> Table => new()
    {
        // The first two failures cost nothing, whatever the class.
        { FailureClass.Dns, 0, 0 },
        { FailureClass.Dns, 1, 0 },
        { FailureClass.Dns, 2, 0 },
        { FailureClass.Refused, 2, 0 },
        { null, 2, 0 },
        // dns: 6 h doubling to 7 days.
        { FailureClass.Dns, 3, 6 * 60 },
        { FailureClass.Dns, 4, 12 * 60 },
        { FailureClass.Dns, 5, 24 * 60 },
        { FailureClass.Dns, 6, 48 * 60 },
        { FailureClass.Dns, 7, 96 * 60 },
        { FailureClass.Dns, 8, 7 * 24 * 60 },
        { FailureClass.Dns, 1000, 7 * 24 * 60 },
        // refused, tls, http-status: 1 h doubling to 24 h.
        { FailureClass.Refused, 3, 60 },
        { FailureClass.Refused, 4, 120 },
        { FailureClass.Tls, 5, 240 },
        { FailureClass.HttpStatus, 6, 480 },
        { FailureClass.HttpStatus, 7, 960 },
        { FailureClass.Tls, 8, 24 * 60 },
        { FailureClass.Refused, int.MaxValue, 24 * 60 },
        // timeout, network and anything else: 30 min doubling to 6 h.
        { FailureClass.Timeout, 3, 30 },
        { FailureClass.Timeout, 4, 60 },
        { FailureClass.Network, 5, 120 },
        { FailureClass.Protocol, 6, 240 },
        { FailureClass.RateLimited, 7, 6 * 60 },
        { FailureClass.Timeout, 50, 6 * 60 },
        // A temporary resolver failure is not NXDOMAIN: the short ladder.
        { FailureClass.DnsTemporary, 2, 0 },
        { FailureClass.DnsTemporary, 3, 30 },
        { FailureClass.DnsTemporary, 4, 60 },
        { FailureClass.DnsTemporary, 9, 6 * 60 },
        { null, 3, 30 },
        { null, 8, 6 * 60 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Delay_follows_the_ladder(FailureClass? failureClass, int consecutiveFailures, double minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), BackoffLadder.Delay(failureClass, consecutiveFailures));

    [Fact]
    public void Delay_never_decreases_and_stays_under_the_cap()
    {
        foreach (var failureClass in Enum.GetValues<FailureClass>().Cast<FailureClass?>().Append(null))
        {
            var (_, cap) = BackoffLadder.Ladder(failureClass);
            var previous = TimeSpan.Zero;
            for (var n = 0; n < 40; n++)
            {
                var delay = BackoffLadder.Delay(failureClass, n);
                Assert.True(delay >= previous, $"{failureClass} {n}");
                Assert.True(delay <= cap, $"{failureClass} {n}");
                previous = delay;
            }

            Assert.Equal(cap, previous);
        }
    }

    public static TheoryData<bool, bool, int, double> StrainTable => new()
    {
        // Rate-limited: one default cycle (15 min) at once, doubling to 4 h.
        { true, false, 1, 15 },
        { true, false, 2, 30 },
        { true, false, 3, 60 },
        { true, false, 4, 120 },
        { true, false, 5, 240 },
        { true, false, 100, 240 },
        // Timeouts of an open relay: free twice, then the offline timeout ladder (30 min to 6 h).
        { false, true, 1, 0 },
        { false, true, 2, 0 },
        { false, true, 3, 30 },
        { false, true, 7, 6 * 60 },
        // Both: the longer rest wins.
        { true, true, 1, 15 },
        { true, true, 3, 60 },
        { true, true, 7, 6 * 60 },
        // Neither, or no strain counted: no rest.
        { false, false, 5, 0 },
        { true, false, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(StrainTable))]
    public void Strain_delay_follows_its_ladder(bool rateLimited, bool timedOut, int consecutive, double minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), BackoffLadder.StrainDelay(rateLimited, timedOut, consecutive));

    [Theory]
    [InlineData(FailureClass.HttpStatus, "http-status")]
    [InlineData(FailureClass.AuthRequired, "auth-required")]
    [InlineData(FailureClass.Dns, "dns")]
    [InlineData(FailureClass.DnsTemporary, "dns-temporary")]
    public void Failure_classes_are_stored_in_kebab_case(FailureClass failureClass, string name) =>
        Assert.Equal(name, PersistenceNames.FailureClass(failureClass));

    [Fact]
    public void Other_names_are_lower_case()
    {
        Assert.Equal("nip11", PersistenceNames.Check(CheckType.Nip11));
        Assert.Equal("degraded", PersistenceNames.Status(RelayStatus.Degraded));
        Assert.Equal("refused", PersistenceNames.Outcome(DeliveryOutcome.Refused));
    }
}
