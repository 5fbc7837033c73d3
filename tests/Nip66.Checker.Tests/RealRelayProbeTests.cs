using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Publisher;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>The probes against real relays (@nostr-relay/core on loopback), checked with nostr-tools.</summary>
public sealed class RealRelayProbeTests(RealRelayFixture fixture) : IClassFixture<RealRelayFixture>
{
    private readonly NostrKeys keys = NostrKeys.Generate();

    [Fact]
    public async Task Healthy_relay_is_online_with_every_rtt_and_a_verifiable_30166()
    {
        var result = await CheckAsync("healthy");

        Assert.Equal(RelayStatus.Online, result.Status);
        Assert.Null(result.Failure);
        Assert.NotNull(result.RttOpenMs);
        Assert.NotNull(result.RttReadMs);
        Assert.NotNull(result.RttWriteMs);
        Assert.All(result.Checks, c => Assert.True(c.Success, $"{c.Check}: {c.Message}"));
        var document = Assert.IsType<Nip11Document>(result.Nip11);

        var signed = DiscoveryEventFactory.Sign(result, result.FinishedAt.ToUnixTimeSeconds(), keys);
        Assert.Equal(fixture.Host["healthy"].Url + "/", signed.TagValue("d"));
        Assert.Equal(["!auth", "!payment", "!writes", "!pow"], signed.TagValues("R"));
        Assert.Equal(["1", "11", "40", "42"], signed.TagValues("N"));
        Assert.Equal("clearnet", signed.TagValue("n"));
        Assert.Equal(document.Json, signed.Content);
        var verdicts = await NostrTools.VerifyAsync(signed);
        Assert.Equal(new[] { true }, verdicts);
    }

    [Fact]
    public async Task The_30166_is_accepted_by_a_real_relay_and_reads_back_verified()
    {
        var result = await CheckAsync("healthy");
        var signed = DiscoveryEventFactory.Sign(result, result.FinishedAt.ToUnixTimeSeconds(), keys);

        await using (var connection = await RelayConnection.ConnectAsync(RelayUrl.Parse(fixture.Host["healthy"].Url), new RelayClientOptions(), CancellationToken.None))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var ok = (OkMessage)await connection.RequestAsync(ClientMessages.Event(signed), m => m is OkMessage, timeout.Token);
            Assert.True(ok.Accepted, ok.Reason.Text);
            Assert.Equal(signed.Id, ok.EventId);
        }

        var stored = await NostrTools.QueryAsync(fixture.Host["healthy"].Url, $"{{\"kinds\":[30166],\"authors\":[\"{keys.PublicKeyHex}\"]}}");
        var (storedEvent, verified) = Assert.Single(stored);
        Assert.True(verified);
        Assert.Equal(signed.Id, storedEvent.Id);
        Assert.Equal(signed.ToJson(), storedEvent.ToJson());
        Assert.Equal(fixture.Host["healthy"].Url + "/", RelayDiscoveryCodec.Parse(storedEvent).Relay);
    }

    [Fact]
    public async Task Read_only_relay_is_online_with_write_refused_and_R_writes()
    {
        var result = await CheckAsync("readonly");

        Assert.Equal(RelayStatus.Online, result.Status);
        var write = result.Checks.Single(c => c.Check == CheckType.Write);
        Assert.False(write.Success);
        Assert.Equal(FailureClass.Restricted, write.Failure);
        Assert.StartsWith("restricted:", write.Message, StringComparison.Ordinal);
        Assert.Null(result.RttWriteMs);
        Assert.Equal(true, result.Requirements.RestrictedWrites);

        var signed = DiscoveryEventFactory.Sign(result, result.FinishedAt.ToUnixTimeSeconds(), keys);
        Assert.Contains("writes", signed.TagValues("R"));
        Assert.DoesNotContain("rtt-write", signed.Tags.Select(t => t[0]));
    }

    [Fact]
    public async Task Auth_relay_is_authenticated_with_NIP42_and_gets_R_auth()
    {
        var result = await CheckAsync("auth");

        Assert.True(result.Authenticated);
        Assert.Equal(RelayStatus.Degraded, result.Status);
        Assert.Equal(new CheckFailure(CheckType.Read, FailureClass.AuthRequired, "reads need NIP-42 authentication"), result.Failure);
        Assert.True(result.Checks.Single(c => c.Check == CheckType.Auth).Success);
        Assert.NotNull(result.RttReadMs);
        Assert.NotNull(result.RttWriteMs);
        Assert.True(result.SpokeNostr);

        var signed = DiscoveryEventFactory.Sign(result, result.FinishedAt.ToUnixTimeSeconds(), keys);
        Assert.Contains("auth", signed.TagValues("R"));
        Assert.Contains("!writes", signed.TagValues("R"));
    }

    [Fact]
    public async Task Relay_without_nip11_is_online_with_an_http_status_failure_on_nip11()
    {
        var result = await CheckAsync("nonip11");

        Assert.Equal(RelayStatus.Online, result.Status);
        var nip11 = result.Checks.Single(c => c.Check == CheckType.Nip11);
        Assert.Equal(FailureClass.HttpStatus, nip11.Failure);
        Assert.Contains("404", nip11.Message, StringComparison.Ordinal);
        Assert.Null(result.Nip11);
        Assert.Equal(string.Empty, DiscoveryEventFactory.Sign(result, 1, keys).Content);
    }

    [Fact]
    public async Task Refused_upgrade_is_offline_with_the_http_status()
    {
        var result = await CheckAsync("noupgrade");

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(new CheckType?(CheckType.Open), result.Failure?.Check);
        Assert.Equal(FailureClass.HttpStatus, result.Failure?.Class);
        Assert.Contains("403", result.Failure!.Message, StringComparison.Ordinal);
        Assert.False(result.IsPublishable);
    }

    private async Task<RelayCheckResult> CheckAsync(string relay)
    {
        using var checker = new RelayChecker(keys, new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(5)));
        return await checker.CheckAsync(RelayUrl.Parse(fixture.Host[relay].Url), CancellationToken.None);
    }
}
