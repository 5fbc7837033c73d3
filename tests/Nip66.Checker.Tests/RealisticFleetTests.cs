using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

public sealed class RealisticFleetTests
{
    private static readonly FleetComposition Realistic =
        FleetComposition.Parse(["--shape", "realistic", "--endpoints", "10000", "--mix", "in-order=80,hang=10,port-closed=10"]);

    [Fact]
    public void Ten_thousand_relays_spread_over_thousands_of_hosts_and_two_farms()
    {
        var planned = Realistic.Plan();
        var relaysPerHost = planned.CountBy(p => p.Host).ToDictionary();

        Assert.Equal(10_000, planned.Count);
        Assert.Equal(FleetComposition.RealisticAddresses + 1 + FleetComposition.RealisticSubdomainFarm, relaysPerHost.Count);
        Assert.Equal(FleetComposition.RealisticAddresses + 2, planned.Select(p => p.Address).Distinct().Count());
        Assert.True(relaysPerHost.Count >= 5_000);

        // The single hosts: one or two relays each, most of them one.
        var single = relaysPerHost.Where(h => h.Key.StartsWith("127.", StringComparison.Ordinal) && h.Value < 100).ToArray();
        Assert.Equal(FleetComposition.RealisticAddresses, single.Length);
        Assert.All(single, h => Assert.InRange(h.Value, 1, 2));
        Assert.True(single.Count(h => h.Value == 1) > single.Length / 2);
    }

    [Fact]
    public void The_path_farm_is_one_host_and_the_subdomain_farm_one_address()
    {
        var planned = Realistic.Plan();

        var pathFarm = planned.GroupBy(p => p.Host).Single(h => h.Count() == FleetComposition.RealisticPathFarm);
        Assert.All(pathFarm, p => Assert.Equal((FleetBehaviour.InOrder, 20, (string?)null), (p.Path.Behaviour, p.Path.LatencyMs, p.Name)));

        var subdomains = planned.Where(p => p.Name is not null).ToArray();
        Assert.Equal(FleetComposition.RealisticSubdomainFarm, subdomains.Select(p => p.Name).Distinct().Count());
        Assert.Single(subdomains.Select(p => p.Address).Distinct());
        Assert.DoesNotContain(subdomains[0].Address, planned.Where(p => p.Name is null).Select(p => p.Address));
        Assert.All(subdomains, p => Assert.EndsWith(".test", p.Host, StringComparison.Ordinal));
    }

    [Fact]
    public void The_mix_fills_what_the_farms_leave_and_every_path_is_distinct()
    {
        var planned = Realistic.Plan();
        var farmHost = planned.CountBy(p => p.Host).MaxBy(h => h.Value).Key;
        var mixed = planned.Where(p => p.Name is null && p.Host != farmHost).ToArray();

        Assert.Equal(9_300, mixed.Length);
        Assert.Equal(930, mixed.Count(p => p.Path.Behaviour == FleetBehaviour.Hang));
        Assert.Equal(930, mixed.Count(p => p.Path.Behaviour == FleetBehaviour.PortClosed));
        Assert.Equal(planned.Count, planned.Select(p => p.Path.ToString()).Distinct().Count());
    }

    [Theory]
    [InlineData(0, "127.0.0.1")]
    [InlineData(253, "127.0.0.254")]
    [InlineData(254, "127.0.1.1")]
    [InlineData(59_999, "127.0.236.56")]
    public void Addresses_are_loopback_and_never_end_in_0_or_255(int index, string address) =>
        Assert.Equal(address, FleetComposition.AddressOf(index));

    [Fact]
    public void Farms_larger_than_the_fleet_are_refused_by_name()
    {
        var composition = FleetComposition.Parse(["--endpoints", "100", "--path-farm", "101"]);

        var error = Assert.Throws<ArgumentException>(composition.Plan);

        Assert.Contains("farms' 101 relays exceed the 100 endpoints", error.Message, StringComparison.Ordinal);
    }
}
