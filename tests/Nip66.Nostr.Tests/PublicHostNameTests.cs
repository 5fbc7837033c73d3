using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary>The screen of names that are never public: reserved and de facto internal suffixes, service names, literal addresses.</summary>
public sealed class PublicHostNameTests
{
    [Theory]
    [InlineData("localhost", "loopback")]
    [InlineData("LOCALHOST.", "loopback")]
    [InlineData("relay.localhost", "loopback")]
    [InlineData("postgres", "single-label")]
    [InlineData("rabbitmq", "single-label")]
    [InlineData("printer.local", ".local")]
    [InlineData("db.localdomain", ".localdomain")]
    [InlineData("metadata.google.internal", ".internal")]
    [InlineData("nas.home.arpa", ".home.arpa")]
    [InlineData("router.lan", ".lan")]
    [InlineData("wiki.intranet", ".intranet")]
    [InlineData("dc1.ad.corp", ".corp")]
    [InlineData("box.home", ".home")]
    [InlineData("relay.test", ".test")]
    [InlineData("relay.example", ".example")]
    [InlineData("relay.invalid", ".invalid")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::1", "loopback")]
    [InlineData("[::1]", "loopback")]
    [InlineData("[fd00::1]", "unique-local")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("192.0.2.10", "reserved")]
    public void Internal_hosts_are_refused_with_the_reason(string host, string reason)
    {
        Assert.True(PublicHostName.IsRefused(host, out var why));
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.Contains(host, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("relay.damus.io")]
    [InlineData("nos.lol")]
    [InlineData("relay.local.example.com")]
    [InlineData("localhost.example.com")]
    [InlineData("lan.party.org")]
    [InlineData("abcdefghijklmnop.onion")]
    [InlineData("relay.i2p")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("64:ff9b::808:808")]
    public void Public_hosts_pass(string host)
    {
        Assert.False(PublicHostName.IsRefused(host, out var why));
        Assert.Empty(why);
    }
}
