using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Host.Tests;

/// <summary>What an operator scrapes and probes on a running embedded monitor after one cycle.</summary>
public sealed partial class ObservabilityTests(HealthyRelayFixture fixture) : IClassFixture<HealthyRelayFixture>, IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-metrics-").FullName;

    [Fact]
    public async Task Metrics_show_check_histograms_and_health_endpoints_answer()
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
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync([RelayUrl.Parse(fixture.Url).Value, "ws://127.0.0.1:1/"]);
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
            Assert.Equal(2, Sample(metrics, "nip66_cycle_expected", null));
            Assert.Contains("masstransit_messaging_masstransit_consume", metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(keys.ToNsec(), metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Url, metrics, StringComparison.Ordinal);

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
}
