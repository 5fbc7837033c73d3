using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>Discovered relays may not make the monitor connect inward; operator relays and the check command may.</summary>
public sealed class SsrfGuardTests
{
    private static readonly ProbeOptions Guarded = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(3)) with
    {
        Client = new RelayClientOptions { AllowPrivateAddresses = false },
    };

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Discovered_relay_on_loopback_is_refused_without_a_connection(string host)
    {
        await using var relay = await EdgeRelay.StartAsync();

        var (result, _) = await HostileInputTests.CheckAsync($"ws://{host}:{relay.Port}/plain", Guarded);

        Assert.Equal(RelayStatus.Offline, result.Status);
        Assert.Equal(new CheckType?(CheckType.Open), result.Failure?.Check);
        Assert.Equal(FailureClass.PrivateAddress, result.Failure?.Class);
        Assert.Contains("loopback", result.Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(FailureClass.PrivateAddress, HostileInputTests.Outcome(result, CheckType.Nip11).Failure);
        Assert.Equal("private-address", result.Failure.Class.Name());
        Assert.Equal(0, relay.Connections);
    }

    [Fact]
    public async Task Operator_relay_on_loopback_is_checked_normally()
    {
        await using var relay = await EdgeRelay.StartAsync();

        var (result, _) = await HostileInputTests.CheckAsync(relay.Url("plain"), Guarded with { Client = new RelayClientOptions { AllowPrivateAddresses = true } });

        Assert.Equal(RelayStatus.Online, result.Status);
        Assert.True(result.SpokeNostr);
        Assert.NotNull(result.Nip11);
    }

    [Fact]
    public async Task Check_command_defaults_allow_private_addresses()
    {
        // The check command and the publisher build their options from the defaults: the operator may point anywhere.
        Assert.True(new ProbeOptions().Client.AllowPrivateAddresses);
        await using var relay = await EdgeRelay.StartAsync();

        var (result, _) = await HostileInputTests.CheckAsync(relay.Url("plain"), new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(3)));

        Assert.Equal(RelayStatus.Online, result.Status);
    }

    [Fact]
    public async Task Guarded_nip11_fetch_to_loopback_is_refused_before_any_connection()
    {
        await using var relay = await EdgeRelay.StartAsync();
        using var client = new Nip11Client();

        var failure = await Assert.ThrowsAsync<Nip11Exception>(() =>
            client.FetchAsync(RelayUrl.Parse(relay.Url("redirect-same")), new ConnectPolicy(AllowPrivateAddresses: false, Limiter: null), CancellationToken.None));

        Assert.Equal(Nip11Failure.PrivateAddress, failure.Failure);
        Assert.Equal(0, relay.Connections);
    }

    [Theory]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.0.9", AddressKind.Loopback)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("10.1.2.3", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("::ffff:192.168.1.1", AddressKind.Private)]
    [InlineData("100.64.0.1", AddressKind.SharedCarrierNat)]
    [InlineData("100.127.255.254", AddressKind.SharedCarrierNat)]
    [InlineData("fc00::1", AddressKind.UniqueLocal)]
    [InlineData("fd12:3456::1", AddressKind.UniqueLocal)]
    [InlineData("169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("255.255.255.255", AddressKind.Broadcast)]
    [InlineData("192.0.0.8", AddressKind.Reserved)]
    [InlineData("192.0.2.1", AddressKind.Reserved)]
    [InlineData("198.51.100.7", AddressKind.Reserved)]
    [InlineData("203.0.113.255", AddressKind.Reserved)]
    [InlineData("192.88.99.1", AddressKind.Reserved)]
    [InlineData("198.18.0.1", AddressKind.Reserved)]
    [InlineData("198.19.255.255", AddressKind.Reserved)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("::102:304", AddressKind.Reserved)]
    [InlineData("::127.0.0.1", AddressKind.Reserved)]
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]
    [InlineData("64:ff9b::10.1.2.3", AddressKind.Private)]
    [InlineData("64:ff9b::169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("64:ff9b::100.64.0.1", AddressKind.SharedCarrierNat)]
    [InlineData("64:ff9b::198.18.0.1", AddressKind.Reserved)]
    [InlineData("64:ff9b::808:808", AddressKind.Public)]
    [InlineData("64:ff9b:1::a00:1", AddressKind.Reserved)]
    [InlineData("64:ff9b:1:ffff::808:808", AddressKind.Reserved)]
    [InlineData("2002:7f00:1::1", AddressKind.Loopback)]
    [InlineData("2002:c0a8:101::1", AddressKind.Private)]
    [InlineData("2002:a9fe:a9fe::", AddressKind.LinkLocal)]
    [InlineData("2002:808:808::1", AddressKind.Public)]
    [InlineData("2001::1", AddressKind.Reserved)]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", AddressKind.Reserved)]
    [InlineData("2001:db8::1", AddressKind.Reserved)]
    [InlineData("3fff:fff::1", AddressKind.Reserved)]
    [InlineData("2001:2::1", AddressKind.Reserved)]
    [InlineData("2001:20::1", AddressKind.Reserved)]
    [InlineData("100::1", AddressKind.Reserved)]
    [InlineData("100::ffff:ffff:ffff:ffff", AddressKind.Reserved)]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("198.20.0.1", AddressKind.Public)]
    [InlineData("192.0.1.1", AddressKind.Public)]
    [InlineData("2001:4860:4860::8888", AddressKind.Public)]
    [InlineData("2001:db9::1", AddressKind.Public)]
    [InlineData("3fff:1000::1", AddressKind.Public)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("100.128.0.1", AddressKind.Public)]
    [InlineData("2606:4700::1111", AddressKind.Public)]
    public void Addresses_are_classified(string address, AddressKind kind) =>
        Assert.Equal(kind, AddressClassifier.Classify(System.Net.IPAddress.Parse(address)));
}

/// <summary>The per-address cap holds across host names and gives every slot back, whatever the outcome.</summary>
public sealed class AddressCapTests
{
    /// <summary>Every slot back soon after a step; the HTTP stack may tear a connection down just after the check returns.</summary>
    private static Task Drained(AddressLimiter limiter, string step) =>
        Eventually.TrueAsync(() => limiter.ActiveAddresses == 0, $"every per-address slot back after the {step} step", timeoutSeconds: 5);

    [Fact]
    public async Task Concurrent_connections_to_one_address_never_exceed_the_cap()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var limiter = new AddressLimiter(3, limitLoopback: true);
        var options = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(10)) with
        {
            Checks = new HashSet<CheckType> { CheckType.Open, CheckType.Read },
            Client = new RelayClientOptions { AddressLimiter = limiter },
        };
        using var checker = new RelayChecker(NostrKeys.Generate(), options);

        // Ten relays on one address (distinct paths, as distinct host names of one provider would be).
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            checker.CheckAsync(RelayUrl.Parse(relay.Url($"slow-open-{i}")), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(RelayStatus.Online, r.Status));
        Assert.Equal(3, relay.PeakSlowOpens);
        Assert.Equal(10, relay.Connections);
        Assert.Equal(0, limiter.ActiveAddresses);
    }

    [Fact]
    public async Task Slots_come_back_after_failures_and_cancellation()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var limiter = new AddressLimiter(1, limitLoopback: true);
        var options = new ProbeOptions().WithTimeout(TimeSpan.FromSeconds(2)) with
        {
            Checks = new HashSet<CheckType> { CheckType.Open, CheckType.Read },
            Client = new RelayClientOptions { AddressLimiter = limiter },
        };
        using var checker = new RelayChecker(NostrKeys.Generate(), options);

        await checker.CheckAsync(RelayUrl.Parse(relay.Url("huge-frame")), CancellationToken.None);
        await Drained(limiter, "huge");
        await checker.CheckAsync(RelayUrl.Parse("ws://127.0.0.1:1/closed"), CancellationToken.None);
        await Drained(limiter, "closed");
        using (var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checker.CheckAsync(RelayUrl.Parse(relay.Url("slow-open")), cancelled.Token));
        }

        await Drained(limiter, "cancel");
        var result = await checker.CheckAsync(RelayUrl.Parse(relay.Url("plain")), CancellationToken.None);
        Assert.Equal(RelayStatus.Online, result.Status);
    }
}
