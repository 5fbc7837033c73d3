using System.Diagnostics;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>Hostile input on the connect path: frames, NIP-11 bodies, subscription ids, TLS and redirects.</summary>
public sealed class HostileInputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1500);

    [Fact]
    public async Task Never_ending_nip11_ends_at_its_timeout_or_cap_with_a_class()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (result, elapsed) = await CheckAsync(relay.Url("endless-nip11"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var nip11 = Outcome(result, CheckType.Nip11);
        Assert.False(nip11.Success);
        Assert.Contains(nip11.Failure, new FailureClass?[] { FailureClass.Timeout, FailureClass.Protocol });
        Assert.Null(result.Nip11);
        Assert.Equal(RelayStatus.Online, result.Status);
        Assert.True(elapsed < Timeout * 3, $"took {elapsed}");
        Assert.True(allocated < 64 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Oversized_single_frame_is_refused_at_the_frame_cap()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (result, elapsed) = await CheckAsync(relay.Url("huge-frame"));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(FailureClass.Protocol, result.Failure?.Class);
        Assert.Contains("byte limit", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(elapsed < Timeout * 2, $"took {elapsed}");
        Assert.True(allocated < 64 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Answers_for_a_subscription_we_never_opened_do_not_satisfy_the_read()
    {
        await using var relay = await EdgeRelay.StartAsync();

        var (result, _) = await CheckAsync(relay.Url("foreign-sub"));

        // Decision: foreign EVENT/EOSE/CLOSED are ignored (counted as unsolicited) and the read times out.
        var read = Outcome(result, CheckType.Read);
        Assert.False(read.Success);
        Assert.Equal(FailureClass.Timeout, read.Failure);
        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Null(result.RttReadMs);
    }

    [Theory]
    [InlineData("self-signed", "untrusted root")]
    [InlineData("expired", "expired")]
    [InlineData("wrong-host", "name does not match")]
    public async Task Tls_failures_are_class_tls_with_the_reason(string kind, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = kind switch
        {
            "expired" => EdgeRelay.Certificate("localhost", now.AddDays(-30), now.AddDays(-1)),
            "wrong-host" => EdgeRelay.Certificate("relay.example.org", now.AddDays(-1), now.AddDays(30), includeLoopback: false),
            _ => EdgeRelay.Certificate("localhost", now.AddDays(-1), now.AddDays(30)),
        };
        await using var relay = await EdgeRelay.StartAsync(certificate);

        var (result, _) = await CheckAsync(relay.Url("plain"));

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(new CheckType?(CheckType.Open), result.Failure?.Check);
        Assert.Equal(FailureClass.Tls, result.Failure?.Class);
        Assert.Contains(reason, result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_redirect_to_another_host_is_not_followed()
    {
        await using var target = await EdgeRelay.StartAsync(address: "127.0.0.2");
        await using var relay = await EdgeRelay.StartAsync();
        relay.RedirectTarget = target.Url("plain");

        var (result, _) = await CheckAsync(relay.Url("redirect-away"));

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(new CheckFailure(CheckType.Open, FailureClass.HttpStatus, "WebSocket upgrade refused with HTTP 302"), result.Failure);
        Assert.Equal(FailureClass.HttpStatus, Outcome(result, CheckType.Nip11).Failure);
        Assert.Equal(0, target.Requests);
    }

    [Fact]
    public async Task Nip11_redirect_to_another_host_is_not_followed_and_the_target_gets_nothing()
    {
        await using var target = await EdgeRelay.StartAsync(address: "127.0.0.2");
        await using var relay = await EdgeRelay.StartAsync();
        relay.RedirectTarget = target.Url("plain").Replace("ws://", "http://", StringComparison.Ordinal);
        using var client = new Nip11Client();

        var failure = await Assert.ThrowsAsync<Nip11Exception>(() => client.FetchAsync(RelayUrl.Parse(relay.Url("redirect-away")), CancellationToken.None));

        Assert.Equal(Nip11Failure.Redirect, failure.Failure);
        Assert.Contains("127.0.0.2", failure.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.HttpStatus, FailureMapping.From(failure.Failure));
        Assert.Equal(0, target.Connections);
    }

    [Fact]
    public async Task Nip11_redirect_on_the_same_host_is_followed()
    {
        await using var relay = await EdgeRelay.StartAsync();
        using var client = new Nip11Client();

        var document = await client.FetchAsync(RelayUrl.Parse(relay.Url("redirect-same")), ConnectPolicy.Unrestricted, CancellationToken.None);

        Assert.Equal("edge plain", document.Name);
        Assert.Equal(2, relay.Requests);
    }

    internal static async Task<(RelayCheckResult Result, TimeSpan Elapsed)> CheckAsync(string url, ProbeOptions? options = null)
    {
        using var checker = new RelayChecker(NostrKeys.Generate(), options ?? new ProbeOptions().WithTimeout(Timeout));
        var start = Stopwatch.GetTimestamp();
        var result = await checker.CheckAsync(RelayUrl.Parse(url), CancellationToken.None);
        return (result, Stopwatch.GetElapsedTime(start));
    }

    internal static CheckOutcome Outcome(RelayCheckResult result, CheckType check) => result.Checks.Single(c => c.Check == check);
}
