using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

public sealed class HostileRelayFixture : IAsyncLifetime
{
    public HostileRelay Relay { get; private set; } = null!;

    public async Task InitializeAsync() => Relay = await HostileRelay.StartAsync();

    public async Task DisposeAsync() => await Relay.DisposeAsync();
}

/// <summary>Misbehaviour no real relay shows on demand: each must end within its timeout with its class.</summary>
public sealed class HostileRelayTests(HostileRelayFixture fixture) : IClassFixture<HostileRelayFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1500);

    // .NET timers count whole milliseconds of a coarser clock than Stopwatch's, so a timeout can fire a few
    // milliseconds before a Stopwatch says it is due (seen: 1496.5 ms for 1500 ms on a loaded machine).
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task Relay_that_hangs_after_upgrade_times_out_read_and_write()
    {
        var (result, elapsed) = await CheckAsync("hang");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.NotNull(result.RttOpenMs);
        Assert.Equal(new CheckFailure(CheckType.Read, FailureClass.Timeout, "no EVENT, EOSE or CLOSED within 1500 ms"), result.Failure);
        Assert.Equal(FailureClass.Timeout, Outcome(result, CheckType.Write).Failure);
        Assert.False(result.SpokeNostr);
        Assert.InRange(elapsed, Timeout - TimerSlack, Timeout * 3);
    }

    [Fact]
    public async Task Relay_that_only_sends_an_AUTH_challenge_spoke_Nostr()
    {
        var (result, _) = await CheckAsync("auth-only");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(FailureClass.Timeout, Outcome(result, CheckType.Read).Failure);
        Assert.Equal(FailureClass.Timeout, Outcome(result, CheckType.Write).Failure);
        Assert.True(result.SpokeNostr);
        Assert.True(result.IsPublishable);
    }

    [Fact]
    public async Task Relay_that_only_answers_CLOSED_auth_required_spoke_Nostr()
    {
        var (result, _) = await CheckAsync("closed-auth-only");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(FailureClass.AuthRequired, Outcome(result, CheckType.Read).Failure);
        Assert.Equal(FailureClass.Timeout, Outcome(result, CheckType.Write).Failure);
        Assert.False(result.Authenticated);
        Assert.True(result.SpokeNostr);
    }

    [Fact]
    public async Task Endless_frame_is_cut_at_the_frame_limit()
    {
        var (result, elapsed) = await CheckAsync("endless-frame");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(FailureClass.Protocol, result.Failure?.Class);
        Assert.Contains("byte limit", result.Failure!.Message, StringComparison.Ordinal);
        Assert.True(elapsed < Timeout, $"took {elapsed}");
    }

    [Fact]
    public async Task Invalid_json_is_a_protocol_failure()
    {
        var (result, _) = await CheckAsync("invalid-json");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(FailureClass.Protocol, result.Failure?.Class);
        Assert.Contains("invalid JSON", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ok_for_another_event_id_is_not_a_write()
    {
        var (result, _) = await CheckAsync("wrong-ok");

        Assert.Equal(RelayStatus.Online, result.Status);
        var write = Outcome(result, CheckType.Write);
        Assert.False(write.Success);
        Assert.Equal(FailureClass.Protocol, write.Failure);
        Assert.Contains("never sent", write.Message, StringComparison.Ordinal);
        Assert.Null(result.RttWriteMs);
    }

    [Fact]
    public async Task Event_with_a_bad_signature_fails_the_read()
    {
        var (result, _) = await CheckAsync("bad-signature");

        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(new CheckType?(CheckType.Read), result.Failure?.Check);
        Assert.Equal(FailureClass.Protocol, result.Failure?.Class);
        Assert.Contains("invalid id or signature", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifty_megabyte_nip11_is_cut_at_the_size_cap()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (result, _) = await CheckAsync("huge-nip11");
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(RelayStatus.Online, result.Status);
        var nip11 = Outcome(result, CheckType.Nip11);
        Assert.Equal(FailureClass.Protocol, nip11.Failure);
        Assert.Contains("limit", nip11.Message, StringComparison.Ordinal);
        Assert.Null(result.Nip11);
        Assert.True(allocated < 20 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task Closed_port_is_offline_and_refused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await Checker().CheckAsync(RelayUrl.Parse($"ws://127.0.0.1:{port}"), CancellationToken.None);

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(new CheckType?(CheckType.Open), result.Failure?.Check);
        Assert.Equal(FailureClass.Refused, result.Failure?.Class);
        Assert.False(result.SpokeNostr);
    }

    private async Task<(RelayCheckResult Result, TimeSpan Elapsed)> CheckAsync(string behaviour)
    {
        using var checker = Checker();
        var start = Stopwatch.GetTimestamp();
        var result = await checker.CheckAsync(RelayUrl.Parse(fixture.Relay.Url(behaviour)), CancellationToken.None);
        return (result, Stopwatch.GetElapsedTime(start));
    }

    private static RelayChecker Checker() => new(NostrKeys.Generate(), new ProbeOptions().WithTimeout(Timeout));

    private static CheckOutcome Outcome(RelayCheckResult result, CheckType check) => result.Checks.Single(c => c.Check == check);
}
