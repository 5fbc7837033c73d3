using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

public sealed class FleetCompositionTests
{
    [Fact]
    public void Percentages_split_ten_thousand_endpoints_exactly()
    {
        var composition = FleetComposition.Parse(["--endpoints", "10000", "--mix", "healthy=80,hang=10,refuse-restricted=10", "--addresses", "8"]);

        var counts = composition.Counts().ToDictionary(c => c.Behaviour, c => c.Count);

        Assert.Equal(8000, counts[FleetBehaviour.Healthy]);
        Assert.Equal(1000, counts[FleetBehaviour.Hang]);
        Assert.Equal(1000, counts[FleetBehaviour.RefuseRestricted]);
        Assert.Equal(8, composition.Addresses);
    }

    [Fact]
    public void Remainders_go_to_the_largest_fractions_and_npm_weights_stay_counts()
    {
        var composition = FleetComposition.Parse(["--endpoints", "10", "--mix", "healthy=1,hang=1,port-closed=1,npm-auth=2"]);

        var counts = composition.Counts().ToDictionary(c => c.Behaviour, c => c.Count);

        Assert.Equal(10, counts.Where(c => !c.Key.IsNpm()).Sum(c => c.Value));
        Assert.All(counts.Where(c => !c.Key.IsNpm()), c => Assert.InRange(c.Value, 3, 4));
        Assert.Equal(2, counts[FleetBehaviour.NpmAuth]);
    }

    [Theory]
    [InlineData("--mix", "healthy=80,teapot=20", "--mix entry 'teapot=20'")]
    [InlineData("--addresses", "0", "--addresses must be")]
    [InlineData("--colour", "blue", "unknown option --colour")]
    public void A_bad_argument_names_its_key(string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => FleetComposition.Parse([key, value]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_fleet_path_parses_back_to_itself()
    {
        var paths = FleetBehaviours.All.Where(b => !b.IsNpm()).Select((b, i) => new FleetPath(b, 10 * i, 500, i)).ToArray();

        Assert.All(paths, p => Assert.True(FleetPath.TryParse(p.ToString(), out var parsed) && parsed == p, p.ToString()));
        Assert.False(FleetPath.TryParse("fleet/npm-healthy/0/0/1", out _));
        Assert.False(FleetPath.TryParse("fleet/healthy/-1/0/1", out _));
        Assert.False(FleetPath.TryParse("hang-3", out _));
    }
}
