using System.Net;
using Microsoft.Extensions.Configuration;
using Nip66.Checker;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

/// <summary>The opt-out list and the User-Agent, from configuration to what a relay host sees.</summary>
public sealed class PolitenessTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-polite-").FullName;

    private static MonitorSettings Load(params (string Key, string Value)[] values) => MonitorSettings.Load(
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build());

    [Theory]
    [InlineData("wss://relay.example.com/", true)]
    [InlineData("ws://relay.example.com:7777/path", true)]
    [InlineData("wss://eu.relay.example.com/", true)]
    [InlineData("wss://otherrelay.example.com/", false)]
    [InlineData("wss://example.com/", false)]
    [InlineData("wss://paid.example.org/private", true)]
    [InlineData("wss://paid.example.org/private/inbox", true)]
    [InlineData("wss://paid.example.org/private?x=1", true)]
    [InlineData("wss://paid.example.org/privateer", false)]
    [InlineData("wss://paid.example.org/", false)]
    [InlineData("ws://paid.example.org/private", false)]
    [InlineData("ws://10.1.2.3:4848/", true)]
    public void Opt_out_covers_hosts_with_their_subdomains_and_url_prefixes(string url, bool excluded)
    {
        var settings = Load(("OptOut", "Relay.Example.COM., wss://paid.example.org/private/, 10.1.2.3"));

        Assert.Equal(3, settings.OptOut.Count);
        Assert.Equal(excluded, settings.OptOut.Excludes(RelayUrl.Parse(url).Value));
    }

    [Fact]
    public void Opt_out_is_empty_by_default_and_reads_a_json_array()
    {
        Assert.True(Load().OptOut.IsEmpty);
        var settings = Load(("OptOut:0", "a.example.com"), ("OptOut:1", "wss://b.example.com"));
        Assert.True(settings.OptOut.Excludes("wss://a.example.com/"));
        Assert.True(settings.OptOut.Excludes("wss://b.example.com/"));
    }

    [Theory]
    [InlineData("OptOut", "relay.example.com,not a host", "configuration key 'OptOut': 'not a host' is neither a host name")]
    [InlineData("OptOut", "https://relay.example.com", "configuration key 'OptOut': 'https://relay.example.com' is not a relay URL")]
    [InlineData("Monitor:Contact", "ops (at) example.com", "configuration key 'Monitor:Contact': must be one line of printable ASCII")]
    public void Bad_politeness_settings_name_the_key_and_the_reason(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => Load((key, value)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
    }

    [Theory]
    [InlineData(ConnectFailure.Dns, FailureClass.Dns, "dns")]
    [InlineData(ConnectFailure.DnsTemporary, FailureClass.DnsTemporary, "dns-temporary")]
    public void Dns_failures_keep_their_kind_to_the_stored_class(ConnectFailure failure, FailureClass expected, string name)
    {
        Assert.Equal(expected, FailureMapping.From(failure));
        Assert.Equal(name, expected.Name());
    }

    [Fact]
    public void User_agent_names_the_software_version_website_and_contact()
    {
        Assert.Matches(@"^nip66-monitor/\d+\.\d+\.\d+ \(\+https://github\.com/nostr-protocol/nips/blob/master/66\.md; NIP-66 relay monitor\)$", MonitorUserAgent.Default);
        var settings = Load(("Monitor:Website", "https://monitor.example.com/about"), ("Monitor:Contact", "mailto:ops@example.com"));

        Assert.Equal(
            $"nip66-monitor/{MonitorUserAgent.Version} (+https://monitor.example.com/about; NIP-66 relay monitor; contact mailto:ops@example.com)",
            MonitorHost.ProbeOptionsFor(settings).Client.UserAgent);
        // A website that would break the header is replaced, not sent.
        Assert.Equal(MonitorUserAgent.Default, MonitorUserAgent.Build("https://example.com/a)b", null));
    }

    [Fact]
    public async Task A_relay_host_sees_the_user_agent_on_the_upgrade_and_the_nip11_request()
    {
        await using var server = RecordingServer.Start(IPAddress.Loopback, TimeSpan.Zero);
        var settings = Load(("Monitor:Contact", "mailto:ops@example.com"));
        var expected = MonitorHost.ProbeOptionsFor(settings).Client.UserAgent;
        using var checker = new RelayChecker(NostrKeys.Generate(), MonitorHost.ProbeOptionsFor(settings).WithTimeout(TimeSpan.FromSeconds(5)));

        var result = await checker.CheckAsync(RelayUrl.Parse(server.BaseUrl), CancellationToken.None);

        Assert.Equal((RelayStatus.Offline, FailureClass.HttpStatus), (result.Status, result.Failure?.Class));
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        var upgrade = Assert.Single(requests, r => r.IsWebSocketUpgrade);
        var nip11 = Assert.Single(requests, r => !r.IsWebSocketUpgrade);
        Assert.Equal("application/nostr+json", nip11.Headers["accept"]);
        Assert.Equal(expected, upgrade.UserAgent);
        Assert.Equal(expected, nip11.UserAgent);
        Assert.Contains("contact mailto:ops@example.com", expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relays_add_and_import_refuse_opted_out_relays_and_say_so()
    {
        var config = Path.Combine(data, "polite.json");
        await File.WriteAllTextAsync(config, """{ "OptOut": ["private.example.com"] }""");

        var (code, stdout, _) = await CheckCommandTests.RunNip66Async(
            "relays", "add", "wss://relay.private.example.com", "wss://open.example.com", "--data", data, "--config", config);

        Assert.Equal(0, code);
        Assert.Equal(
            "not added: wss://relay.private.example.com/ (its operator opted out of monitoring; see the OptOut setting)\n1 relay(s) added, 0 already known\n",
            stdout);

        var list = Path.Combine(data, "relays.txt");
        await File.WriteAllTextAsync(list, "ws://private.example.com:7000\nwss://second.example.com\n");
        (code, stdout, _) = await CheckCommandTests.RunNip66Async("relays", "import", list, "--data", data, "--config", config);
        Assert.Equal(
            $"not added: ws://private.example.com:7000/ (its operator opted out of monitoring; see the OptOut setting)\n1 relay(s) added from {list}, 0 already known\n",
            stdout);

        (_, stdout, _) = await CheckCommandTests.RunNip66Async("relays", "list", "--data", data);
        Assert.Equal(
            ["enabled   unchecked operator   wss://open.example.com/", "enabled   unchecked operator   wss://second.example.com/"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).Order(StringComparer.Ordinal));
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
