using Nip66.Persistence.Maintenance;

namespace Nip66.Persistence.Tests;

public sealed class PercentileTests
{
    [Theory]
    [InlineData(new[] { 7 }, 50, 7)]
    [InlineData(new[] { 7 }, 95, 7)]
    [InlineData(new[] { 10, 20, 30, 40 }, 50, 20)]
    [InlineData(new[] { 10, 20, 30, 40 }, 95, 40)]
    [InlineData(new[] { 10, 20, 30, 40, 50 }, 50, 30)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 95, 19)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 }, 95, 20)]
    [InlineData(new[] { 5, 5, 5, 9 }, 50, 5)]
    [InlineData(new[] { 1, 2 }, 100, 2)]
    [InlineData(new[] { 1, 2 }, 1, 1)]
    public void Nearest_rank_is_the_value_at_the_rounded_up_rank(int[] sorted, int percent, int expected) =>
        Assert.Equal(expected, Percentile.NearestRank(sorted, percent));

    [Fact]
    public void No_values_have_no_percentile_and_bad_percents_are_refused()
    {
        Assert.Null(Percentile.NearestRank([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.NearestRank([1], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentile.NearestRank([1], 101));
    }

    [Fact]
    public void Unsorted_values_are_sorted_first()
    {
        List<int> values = [400, 100, 300, 200, 250];
        Assert.Equal((250, 400), Percentile.Of(values));
    }
}
