using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

/// <summary>What an operator scrapes and probes on a running embedded monitor after one cycle.</summary>
public sealed partial class ObservabilityTests(HealthyRelayFixture fixture) : IClassFixture<HealthyRelayFixture>, IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-metrics-").FullName;

    [Fact]
    public async Task Metrics_show_checks_and_network_totals_with_no_label_per_monitored_host_and_health_endpoints_answer()
    {
        var keys = NostrKeys.Generate();
        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Data"] = data,
            ["Key"] = keys.ToNsec(),
            ["PublishRelays"] = fixture.Host["publish"].Url,
        }).Build());
        await using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        // Monitored relays on distinct hosts, one reached by name: the runtime tags its DNS and HTTP measurements with each.
        await using var relays = await HostileRelay.StartAsync("127.0.0.1", "127.0.0.2", "127.0.0.3");
        var byName = relays.BaseUrls[0].Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/by-name";
        string[] monitored = [fixture.Url, "ws://127.0.0.1:1/", byName, relays.BaseUrls[1] + "/second", relays.BaseUrls[2] + "/third"];
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([.. monitored.Select(url => RelayUrl.Parse(url).Value)], allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(30));
            using var http = new HttpClient { BaseAddress = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

            Assert.True(Sample(metrics, "nip66_check_duration_seconds_count", "check=\"read\",result=\"ok\"") >= 1, metrics);
            Assert.True(Sample(metrics, "nip66_check_duration_seconds_count", "check=\"open\",result=\"ok\"") >= 1);
            Assert.True(Sample(metrics, "nip66_relay_checks_total", "status=\"online\"") >= 1);
            Assert.True(Sample(metrics, "nip66_relay_checks_total", "status=\"offline\"") >= 1);
            Assert.True(Sample(metrics, "nip66_check_failures_total", "check=\"open\",class=\"refused\"") >= 1);
            Assert.True(Sample(metrics, "nip66_cycle_duration_seconds_count", null) >= 1);
            Assert.Equal(monitored.Length, Sample(metrics, "nip66_cycle_expected", null));
            Assert.True(Sample(metrics, "nip66_checker_scheduling_delay_seconds_count", "kind=\"continuation\"") >= 1, "the checker's scheduling delay");
            Assert.True(Sample(metrics, "nip66_checker_concurrency_limit", null) >= 1, "the effective concurrency");
            Assert.Contains("masstransit_messaging_masstransit_consume", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(keys.ToNsec(), metrics, StringComparison.Ordinal);

            // The runtime's DNS and HTTP measurements are there, summed over every relay...
            Assert.True(Sample(metrics, "nip66_network_dns_lookup_duration_count", null) >= 1, "the lookup of localhost");
            Assert.True(Sample(metrics, "nip66_network_http_client_request_duration_count", "http_response_status_code=\"101\"") >= monitored.Length - 1, "one upgrade per reachable relay");
            Assert.True(Sample(metrics, "nip66_network_http_client_request_duration_count", "error_type=\"connection_error\"") >= 1, "the refused relay");
            Assert.Contains("nip66_network_http_client_open_connections{", metrics, StringComparison.Ordinal);

            // ...and no series names a monitored host, address, port or URL, nor has a label that would.
            var series = metrics.Split('\n').Where(line => line.Length > 0 && line[0] != '#').ToList();
            foreach (var relay in monitored.Select(url => new Uri(url)))
            {
                var mentions = new Regex($"\"{Regex.Escape(relay.Host)}\"|{Regex.Escape(relay.Host)}:{relay.Port}(?!\\d)" + (relay.Port >= 1024 ? $"|\"{relay.Port}\"" : string.Empty));
                Assert.DoesNotContain(series, mentions.IsMatch);
            }

            Assert.Empty(series.SelectMany(line => LabelName().Matches(line).Select(m => m.Groups[1].Value)).Where(name => PerHostLabel().IsMatch(name)).Distinct());

            Assert.Equal("Healthy", await http.GetStringAsync(new Uri("/health/live", UriKind.Relative)));
            Assert.Equal("Healthy", await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose() => Directory.Delete(data, recursive: true);

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="labels"/> (order as exported).</summary>
    private static double Sample(string exposition, string name, string? labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && line[name.Length] is '{' or ' '))
            .Where(line => labels is null || line.Contains(labels, StringComparison.Ordinal))
            .Sum(line => double.Parse(SampleValue().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\s(\S+)$")]
    private static partial Regex SampleValue();

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();

    /// <summary>Label names the runtime and OpenTelemetry give to hosts, addresses, ports and URLs.</summary>
    [GeneratedRegex("address|port|host|peer|domain|question|url_(full|path|query|original)")]
    private static partial Regex PerHostLabel();
}
