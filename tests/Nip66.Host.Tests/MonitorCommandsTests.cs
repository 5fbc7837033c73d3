using Microsoft.Extensions.Configuration;
using Nip66.Checker;
using Nip66.Host.Configuration;
using Nip66.Persistence.Maintenance;
using Nip66.Scheduler;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

/// <summary>The monitor's own commands, run as a user runs them: the built host in its own process.</summary>
public sealed class MonitorCommandsTests(HealthyRelayFixture fixture) : IClassFixture<HealthyRelayFixture>, IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-cli-").FullName;

    [Fact]
    public async Task Relays_are_added_imported_listed_and_disabled()
    {
        var (code, stdout, _) = await Nip66("relays", "add", "wss://Relay.Example.com:443", "ws://127.0.0.1:7000/path/", "--data", data);
        Assert.Equal((0, "2 relay(s) added, 0 already known\n"), (code, stdout));

        var list = Path.Combine(data, "relays.txt");
        await File.WriteAllTextAsync(list, "# seed list\nwss://relay.example.com\nwss://second.example.com # comment\n\n");
        (code, stdout, _) = await Nip66("relays", "import", list, "--data", data);
        Assert.Equal((0, $"1 relay(s) added from {list}, 1 already known\n"), (code, stdout));

        (code, stdout, _) = await Nip66("relays", "disable", "wss://second.example.com/", "wss://unknown.example.com", "--data", data);
        Assert.Equal((0, "disabled wss://second.example.com/\nnot monitored: wss://unknown.example.com/\n"), (code, stdout));

        (code, stdout, _) = await Nip66("relays", "list", "--data", data);
        Assert.Equal(0, code);
        Assert.Equal(
            ["enabled   unchecked operator   ws://127.0.0.1:7000/path", "enabled   unchecked operator   wss://relay.example.com/", "disabled  unchecked operator   wss://second.example.com/"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l.TrimEnd()).OrderBy(l => l[10..], StringComparer.Ordinal));

        (code, stdout, _) = await Nip66("relays", "list", "--origin", "discovered", "--data", data);
        Assert.Equal((0, string.Empty), (code, stdout));
        (code, stdout, _) = await Nip66("relays", "list", "--origin", "operator", "--data", data);
        Assert.Equal((0, 3), (code, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        (code, _, var stderr) = await Nip66("relays", "list", "--origin", "elsewhere", "--data", data);
        Assert.Equal(2, code);
        Assert.Contains("--origin must be one of operator, discovered", stderr, StringComparison.Ordinal);

        (code, stdout, _) = await Nip66("relays", "candidates", "--data", data);
        Assert.Equal((0, "candidates: 0 pending, 0 refused, 0 promoted, 0 retired\n"), (code, stdout));
    }

    [Fact]
    public async Task Import_names_the_bad_line()
    {
        var list = Path.Combine(data, "bad.txt");
        await File.WriteAllTextAsync(list, "wss://fine.example.com\nhttps://not-a-relay.example.com\n");

        var (code, _, stderr) = await Nip66("relays", "import", list, "--data", data);

        Assert.Equal(2, code);
        Assert.StartsWith($"nip66: {list}:2: 'https://not-a-relay.example.com' is not a relay URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_once_checks_every_relay_publishes_and_prints_a_summary()
    {
        await Nip66("relays", "add", fixture.Url, "--data", data);

        var (code, stdout, stderr) = await Nip66("run", "--once", "--data", data, "--publish-to", fixture.Host["publish"].Url);

        Assert.True(code == 0, stderr);
        Assert.Contains("Created the monitor key", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Cycle [0-9a-f-]{36}: 1/1 relays checked in \d+\.\d s", stdout);
        Assert.Contains("online 1, degraded 0, offline 0; 30166 events signed: 1", stdout, StringComparison.Ordinal);
        Assert.Contains($"published to {fixture.Host["publish"].Url}/: accepted 1", stdout, StringComparison.Ordinal);
        Assert.Matches($@"online +{System.Text.RegularExpressions.Regex.Escape(fixture.Url)}/ open \d+ms read \d+ms write \d+ms", stdout);
        var mode = File.GetUnixFileMode(Path.Combine(data, "monitor.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Theory]
    [InlineData("Schedule", "every minute", "configuration key 'Schedule': 'every minute' is not a cron expression")]
    [InlineData("Checks", "open,teleport", "configuration key 'Checks': unknown check 'teleport'")]
    [InlineData("Checks", "open,geo", "configuration key 'Checks': 'geo' is not a check this monitor runs")]
    [InlineData("Retention:RollupDays", "5", "configuration key 'Retention:RollupDays': must be at least Retention:RawDays (30)")]
    [InlineData("Timeouts:Read", "-5", "configuration key 'Timeouts:Read': '-5' is not a whole number from 100 to 300000")]
    [InlineData("Mode", "cluster", "configuration key 'Mode': 'cluster' is not one of embedded, distributed")]
    [InlineData("Roles", "checker,janitor", "configuration key 'Roles': unknown role 'janitor'")]
    [InlineData("PublishRelays", "wss://ok.example.com,ftp://x", "configuration key 'PublishRelays': 'ftp://x' is not a relay URL")]
    [InlineData("Checker:MaxConnectionsPerAddress", "0", "configuration key 'Checker:MaxConnectionsPerAddress': '0' is not a whole number from 1 to 1000")]
    [InlineData("Checker:AllowPrivateAddresses", "sometimes", "configuration key 'Checker:AllowPrivateAddresses': 'sometimes' is not true or false")]
    [InlineData("Guard:TrustedRanges", "10.0.0.0/8,192.168.1.5", "configuration key 'Guard:TrustedRanges': '192.168.1.5' is not a CIDR range: give a prefix length")]
    [InlineData("Guard:TrustedRanges", "10.0.0.1/8", "configuration key 'Guard:TrustedRanges': '10.0.0.1/8' is not a CIDR range")]
    [InlineData("Monitor:Website", "https://monitor.example.com/\nX-Injected: 1", "configuration key 'Monitor:Website': must be an http:// or https:// URL")]
    [InlineData("Discovery:Enabled", "maybe", "configuration key 'Discovery:Enabled': 'maybe' is not true or false")]
    [InlineData("Discovery:Relays", "wss://ok.example.com,https://x.example.com", "configuration key 'Discovery:Relays': 'https://x.example.com' is not a relay URL")]
    [InlineData("Discovery:PerHostLimit", "0", "configuration key 'Discovery:PerHostLimit': '0' is not a whole number from 1 to 100000")]
    [InlineData("Monitor:Website", "monitor.example.com", "configuration key 'Monitor:Website': must be an http:// or https:// URL")]
    public void Bad_configuration_names_the_key_and_the_reason(string key, string value, string message)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<ConfigurationException>(() => MonitorSettings.Load(config));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void Shipped_defaults_run_every_role_embedded_on_loopback()
    {
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepoPaths.Root, "Nip66.Host", "appsettings.json")).Build();

        var settings = MonitorSettings.Load(config);

        Assert.Equal((MonitorMode.Embedded, MonitorRoles.All, "http://127.0.0.1:8066"), (settings.Mode, settings.Roles, settings.Urls));
        Assert.Equal(7, settings.Checks.Count);
    }

    [Fact]
    public void Unset_keys_take_the_defaults_of_the_components_that_use_them()
    {
        var settings = MonitorSettings.Load(new ConfigurationBuilder().Build());
        var scheduler = MonitorHost.SchedulerOptionsFor(settings);
        var defaults = new SchedulerOptions();

        Assert.Equal(new CheckerOptions(), settings.Checker);
        Assert.Equal(new MaintenanceOptions(), settings.Retention);
        Assert.Equal(defaults.Checks, scheduler.Checks);
        Assert.Equal(defaults.TimeoutsMs, scheduler.TimeoutsMs);
        Assert.Equal((defaults.MonitorName, defaults.MonitorAbout), (scheduler.MonitorName, scheduler.MonitorAbout));
        Assert.Equal(ProbeOptions.AllProbes.Order(), scheduler.Checks.Order());
        Assert.All(scheduler.TimeoutsMs, timeout => Assert.Equal(new ProbeOptions().TimeoutOf(timeout.Key).TotalMilliseconds, timeout.Value));
    }

    [Fact]
    public async Task Distributed_mode_without_a_broker_names_the_missing_key()
    {
        var (code, _, stderr) = await Nip66("run", "--mode", "distributed", "--data", data);

        Assert.Equal(2, code);
        Assert.StartsWith("nip66: configuration key 'RabbitMq': is required in distributed mode", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(data, recursive: true);

    private static Task<(int ExitCode, string Stdout, string Stderr)> Nip66(params string[] args) => CheckCommandTests.RunNip66Async(args);
}
