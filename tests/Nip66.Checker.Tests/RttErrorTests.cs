using Nip66.Contracts;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>The load harness's RTT error figures: what the truth is per check, and how the errors are summarised.</summary>
public sealed class RttErrorTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_and_min_and_max_are_the_extremes()
    {
        var summary = ErrorSummary.Of(Enumerable.Range(1, 100).Reverse().Select(i => i - 3));

        Assert.Equal(new ErrorSummary(100, -2, 47, 92, 96, 97), summary);
    }

    [Fact]
    public void A_single_error_is_every_percentile_and_no_errors_is_no_summary()
    {
        Assert.Equal(new ErrorSummary(1, 7, 7, 7, 7, 7), ErrorSummary.Of([7]));
        Assert.Null(ErrorSummary.Of([]));
    }

    [Fact]
    public void Truth_is_zero_for_the_open_and_the_latency_for_read_and_write_where_it_is_known()
    {
        var inOrder = new FleetEndpoint("ws://127.0.0.1:1/fleet/in-order/120/0/0", FleetBehaviour.InOrder, 120, FleetBehaviour.InOrder.Expected());
        var slowOpen = new FleetEndpoint("ws://127.0.0.1:1/fleet/slow-open/120/500/1", FleetBehaviour.SlowOpen, 120, FleetBehaviour.SlowOpen.Expected());

        Assert.Equal([0, 120, 120], new[] { CheckType.Open, CheckType.Read, CheckType.Write }.Select(c => inOrder.TrueRttMs(c)));
        Assert.Null(slowOpen.TrueRttMs(CheckType.Read));
    }
}
