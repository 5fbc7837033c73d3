using Nip66.Persistence;
using Nip66.Scheduler;

namespace Nip66.Pipeline.Tests.Scheduling;

public sealed class CriticalPathOrderTests
{
    private static DueRelay Relay(string hostAndPath, byte priority = 0) => new($"wss://{hostAndPath}", priority);

    private static string[] UrlsOf(IEnumerable<DueRelay> relays) => [.. relays.Select(r => r.Url["wss://".Length..])];

    [Fact]
    public void The_busiest_host_starts_first_and_its_relays_are_spread_over_the_tier()
    {
        DueRelay[] registry =
        [
            Relay("a.example/"),
            Relay("b.example/"),
            Relay("c.example/"),
            Relay("d.example/"),
            Relay("farm.example/1"),
            Relay("farm.example/2"),
            Relay("farm.example/3"),
            Relay("farm.example/4"),
        ];

        Assert.Equal(
            ["farm.example/1", "a.example/", "farm.example/2", "b.example/", "farm.example/3", "c.example/", "farm.example/4", "d.example/"],
            UrlsOf(CriticalPathOrder.Of(registry)));
    }

    [Fact]
    public void Ties_go_to_the_busier_host()
    {
        DueRelay[] registry = [Relay("solo.example/"), Relay("pair.example/a"), Relay("pair.example/b"), Relay("farm.example/1"), Relay("farm.example/2"), Relay("farm.example/3")];

        // Places: farm 0, 1/3, 2/3; pair 1/6, 2/3; solo 2/3.
        Assert.Equal(
            ["farm.example/1", "pair.example/a", "farm.example/2", "farm.example/3", "pair.example/b", "solo.example/"],
            UrlsOf(CriticalPathOrder.Of(registry)));
    }

    [Fact]
    public void Hosts_of_equal_load_and_a_hosts_own_relays_keep_the_incoming_order()
    {
        DueRelay[] registry = [Relay("b.example/2"), Relay("a.example/1"), Relay("b.example/1"), Relay("a.example/2")];

        Assert.Equal(["b.example/2", "a.example/1", "b.example/1", "a.example/2"], UrlsOf(CriticalPathOrder.Of(registry)));
    }

    [Fact]
    public void Tiers_come_first_and_each_is_interleaved_on_its_own()
    {
        DueRelay[] registry =
        [
            Relay("farm.example/1"),
            Relay("farm.example/2"),
            Relay("other.example/", priority: 3),
            Relay("farm.example/9", priority: 3),
            new("wss://candidate.example/", 0, Candidate: true),
            Relay("solo.example/"),
        ];

        // Operator priority 3, then operator priority 0 (farm first: two relays), then the candidate tier.
        Assert.Equal(
            ["other.example/", "farm.example/9", "farm.example/1", "farm.example/2", "solo.example/", "candidate.example/"],
            UrlsOf(CriticalPathOrder.Of(registry)));
    }

    [Fact]
    public void The_host_is_the_one_the_checker_limits_by_so_case_and_port_count_as_the_url_says()
    {
        DueRelay[] registry = [Relay("Farm.Example/1"), Relay("farm.example:444/2"), Relay("farm.example/3"), Relay("solo.example/")];

        // The port does not make another host (the checker keys its limit by host name); the case does not either.
        Assert.Equal(["Farm.Example/1", "farm.example:444/2", "solo.example/", "farm.example/3"], UrlsOf(CriticalPathOrder.Of(registry)));
    }

    [Fact]
    public void A_url_that_does_not_parse_is_kept_as_a_host_of_its_own()
    {
        DueRelay[] registry = [new("not a url", 0), Relay("a.example/1"), Relay("a.example/2")];

        var ordered = CriticalPathOrder.Of(registry);

        Assert.Equal(["wss://a.example/1", "wss://a.example/2", "not a url"], ordered.Select(r => r.Url));
    }

    [Fact]
    public void A_farm_among_thousands_of_hosts_is_never_out_of_reach()
    {
        var registry = Enumerable.Range(0, 10_000).Select(i => Relay(i >= 9_500 ? $"farm.example/{i}" : $"host{i % 5_000}.example/{i}")).ToArray();

        var ordered = CriticalPathOrder.Of(registry);

        Assert.Equal(registry.Select(r => r.Url).Order(), ordered.Select(r => r.Url).Order());
        var hosts = ordered.Select(r => new Uri(r.Url).Host).ToArray();
        Assert.Equal("farm.example", hosts[0]);

        // 500 relays among 10,000: one every 20 commands (a few more where other hosts crowd), never a whole round of
        // the other 5,000 hosts apart, nor as far as a checker's 200 commands in hand (50 checks, 4 per check).
        var farm = hosts.Index().Where(h => h.Item == "farm.example").Select(h => h.Index).ToArray();
        Assert.InRange(farm.Zip(farm.Skip(1), (a, b) => b - a).Max(), 1, 40);

        // Hosts start by descending load: the farm, the hosts of two relays, then those of one.
        var load = hosts.CountBy(h => h).ToDictionary();
        var starts = hosts.Distinct().Select(h => load[h]).ToArray();
        Assert.Equal(starts.OrderDescending(), starts);
    }
}
