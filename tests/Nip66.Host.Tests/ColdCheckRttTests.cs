using System.Text.Json;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

public sealed class DelayedRelaysFixture : IAsyncLifetime
{
    public const int OpenDelay = 200;
    public const int MessageDelay = 150;

    public RelayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await RelayHost.StartAsync(
            new RelaySpec("delayed", "healthy", OpenDelayMs: OpenDelay, MessageDelayMs: MessageDelay),
            new RelaySpec("in-order", "healthy", OpenDelayMs: OpenDelay, MessageDelayMs: MessageDelay, InOrder: true));

        // The relays' own first-use costs (a first signature check takes tens of milliseconds in Node) are theirs,
        // not the monitor's: paid here, before any measured check.
        foreach (var relay in Host.Relays)
        {
            var (exitCode, _, stderr) = await CheckCommandTests.RunNip66Async("check", "--json", relay.Url);
            Assert.True(exitCode == 0, stderr);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// The first check of a fresh process measures as well as any later one: each RTT within 5 ms + 5% of the latency the
/// relay injects, and never below it. The relays are real (npm) and answer each message a set time after it arrived.
/// Cold-start costs inflate every fresh process alike (30-90 ms on rtt-open before the warm-up); a loaded machine
/// delays one now and then. So every attempt must be at or above the truth, and one of a few fresh processes within
/// the bound on all three RTTs.
/// </summary>
public sealed class ColdCheckRttTests(DelayedRelaysFixture fixture) : IClassFixture<DelayedRelaysFixture>
{
    private const int Attempts = 5;

    [Theory]
    [InlineData("delayed")]
    [InlineData("in-order")]
    public async Task A_fresh_process_reports_each_rtt_within_5_ms_and_5_percent_of_the_injected_latency(string relay)
    {
        var truths = new Dictionary<string, int>
        {
            ["open"] = DelayedRelaysFixture.OpenDelay,
            ["read"] = DelayedRelaysFixture.MessageDelay,
            ["write"] = DelayedRelaysFixture.MessageDelay,
        };
        var attempts = new List<string>();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var (exitCode, stdout, stderr) = await CheckCommandTests.RunNip66Async("check", "--json", fixture.Host[relay].Url);

            Assert.True(exitCode == 0, stderr);
            using var report = JsonDocument.Parse(stdout);
            Assert.Equal("online", report.RootElement.GetProperty("status").GetString());
            var rtt = report.RootElement.GetProperty("rtt");
            var measured = truths.Keys.ToDictionary(name => name, name => rtt.GetProperty(name).GetInt32());
            attempts.Add(rtt.ToString());
            Assert.All(truths, truth => Assert.True(measured[truth.Key] >= truth.Value, $"{truth.Key} below the truth: {string.Join("; ", attempts)}"));
            if (truths.All(truth => measured[truth.Key] <= truth.Value + 5 + (truth.Value * 0.05)))
            {
                return;
            }
        }

        Assert.Fail($"no fresh process measured within 5 ms + 5% of open {DelayedRelaysFixture.OpenDelay} ms, read and write {DelayedRelaysFixture.MessageDelay} ms: {string.Join("; ", attempts)}");
    }
}
