using System.Net;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>
/// The guarded connect on every range a relay's name may resolve into: the resolver answers, the guard refuses before
/// any socket is opened (a dial would fail as network or timeout, never as private-address). Ranges the operator
/// trusts are dialled; names that are never public are refused without a lookup.
/// </summary>
public sealed class AddressRangeGuardTests
{
    private const string Name = "relay.example.com";

    private static ConnectPolicy Guarded(MappedResolver resolver, params string[] trusted) => new(AllowPrivateAddresses: false, Limiter: null)
    {
        Resolver = resolver,
        TrustedRanges = TrustedRanges.TryParse(trusted, out var ranges, out var error) ? ranges : throw new ArgumentException(error),
    };

    private static async Task<RelayConnectException> RefusedAsync(ConnectPolicy policy, string host, ConnectPurpose purpose)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Assert.ThrowsAsync<RelayConnectException>(() => GuardedSocketConnector.ConnectAsync(new DnsEndPoint(host, 443), policy, purpose, deadline.Token));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.5.4", "private")]
    [InlineData("192.168.0.10", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "unique-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("192.0.0.8", "reserved")]
    [InlineData("198.18.0.1", "reserved")]
    [InlineData("192.0.2.1", "reserved")]
    [InlineData("198.51.100.1", "reserved")]
    [InlineData("203.0.113.1", "reserved")]
    [InlineData("::7f00:1", "reserved")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("64:ff9b:1::808:808", "reserved")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("2002:c0a8:1::", "private")]
    [InlineData("2001::1", "reserved")]
    [InlineData("2001:db8::1", "reserved")]
    [InlineData("100::1", "reserved")]
    public async Task A_name_resolving_into_the_range_is_refused_before_dialling(string address, string kind)
    {
        var resolver = new MappedResolver().Map(Name, address);

        foreach (var purpose in Enum.GetValues<ConnectPurpose>())
        {
            var refused = await RefusedAsync(Guarded(resolver), Name, purpose);

            Assert.Equal(ConnectFailure.PrivateAddress, refused.Failure);
            Assert.Contains(IPAddress.Parse(address).ToString(), refused.Message, StringComparison.Ordinal);
            Assert.Contains(kind, refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal([(Name, ConnectPurpose.WebSocket), (Name, ConnectPurpose.Nip11)], resolver.Lookups);
    }

    [Fact]
    public async Task Only_the_public_addresses_of_a_mixed_answer_are_dialled()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var resolver = new MappedResolver().Map(Name, "10.0.0.1", "127.0.0.1", "192.168.1.1");

        // 127.0.0.1 is trusted here only so that one address of the answer can be dialled at all in a test.
        var (stream, resolved, connected) = await GuardedSocketConnector.ConnectAsync(
            new DnsEndPoint(Name, relay.Port), Guarded(resolver, "127.0.0.1/32"), ConnectPurpose.WebSocket, CancellationToken.None);
        await stream.DisposeAsync();

        Assert.Equal(3, resolved.Length);
        Assert.Equal(IPAddress.Loopback, connected);
    }

    [Fact]
    public async Task A_trusted_range_is_dialled_and_its_neighbour_is_not()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var resolver = new MappedResolver().Map("inside.example.com", "127.0.0.1").Map("next-door.example.com", "127.0.0.2");
        var policy = Guarded(resolver, "127.0.0.1/32", "10.20.0.0/16");

        var (stream, _, connected) = await GuardedSocketConnector.ConnectAsync(new DnsEndPoint("inside.example.com", relay.Port), policy, ConnectPurpose.Nip11, CancellationToken.None);
        await stream.DisposeAsync();
        var refused = await RefusedAsync(policy, "next-door.example.com", ConnectPurpose.Nip11);

        Assert.Equal(IPAddress.Loopback, connected);
        Assert.Equal(ConnectFailure.PrivateAddress, refused.Failure);
        await Eventually.TrueAsync(() => relay.Connections == 1, "the trusted address dialled once", timeoutSeconds: 10);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("relay.localhost")]
    [InlineData("postgres")]
    [InlineData("redis")]
    [InlineData("relay.local")]
    [InlineData("metadata.google.internal")]
    [InlineData("nas.home.arpa")]
    [InlineData("relay.lan")]
    [InlineData("wiki.intranet")]
    [InlineData("dc1.corp")]
    public async Task A_name_that_is_never_public_is_refused_without_a_lookup(string host)
    {
        // Even mapped to a public address: a split-horizon resolver may hand an internal host a public-looking one.
        var resolver = new MappedResolver().Map(host, "8.8.8.8");

        var refused = await RefusedAsync(Guarded(resolver, "0.0.0.0/0"), host, ConnectPurpose.WebSocket);

        Assert.Equal(ConnectFailure.PrivateAddress, refused.Failure);
        Assert.Contains(host, refused.Message, StringComparison.Ordinal);
        Assert.Empty(resolver.Lookups);
    }

    [Fact]
    public async Task An_operator_relay_is_not_screened()
    {
        await using var relay = await EdgeRelay.StartAsync();
        var resolver = new MappedResolver().Map("postgres", "127.0.0.1");

        var (stream, _, _) = await GuardedSocketConnector.ConnectAsync(
            new DnsEndPoint("postgres", relay.Port), ConnectPolicy.Unrestricted with { Resolver = resolver }, ConnectPurpose.WebSocket, CancellationToken.None);
        await stream.DisposeAsync();

        await Eventually.TrueAsync(() => relay.Connections == 1, "the operator's relay dialled", timeoutSeconds: 10);
    }

    [Fact]
    public async Task A_failed_lookup_through_the_resolver_is_a_dns_failure()
    {
        var refused = await RefusedAsync(Guarded(new MappedResolver()), "unknown.example.com", ConnectPurpose.WebSocket);

        Assert.Equal(ConnectFailure.Dns, refused.Failure);
    }
}
