using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class RelayUrlTests
{
    [Theory]
    [InlineData("wss://relay.example.com", "wss://relay.example.com/")]
    [InlineData("wss://relay.example.com/", "wss://relay.example.com/")]
    [InlineData("WSS://Relay.Example.COM", "wss://relay.example.com/")]
    [InlineData("Ws://RELAY.example.com/", "ws://relay.example.com/")]
    [InlineData("wss://relay.example.com:443", "wss://relay.example.com/")]
    [InlineData("wss://relay.example.com:443/", "wss://relay.example.com/")]
    [InlineData("ws://relay.example.com:80", "ws://relay.example.com/")]
    [InlineData("wss://relay.example.com:80", "wss://relay.example.com:80/")]
    [InlineData("ws://relay.example.com:443", "ws://relay.example.com:443/")]
    [InlineData("wss://relay.example.com:7777", "wss://relay.example.com:7777/")]
    [InlineData("wss://relay.example.com:07777/", "wss://relay.example.com:7777/")]
    [InlineData("wss://relay.example.com/nostr", "wss://relay.example.com/nostr")]
    [InlineData("wss://relay.example.com/nostr/", "wss://relay.example.com/nostr")]
    [InlineData("wss://relay.example.com/nostr///", "wss://relay.example.com/nostr")]
    [InlineData("wss://relay.example.com/Inbox/Path", "wss://relay.example.com/Inbox/Path")]
    [InlineData("wss://relay.example.com//", "wss://relay.example.com/")]
    [InlineData("wss://relay.example.com//a//b//", "wss://relay.example.com/a/b")]
    [InlineData("wss://relay.example.com/?token=AbC", "wss://relay.example.com/?token=AbC")]
    [InlineData("wss://relay.example.com?x=1&y=2", "wss://relay.example.com/?x=1&y=2")]
    [InlineData("wss://relay.example.com/inbox/?x=1", "wss://relay.example.com/inbox?x=1")]
    [InlineData("wss://relay.example.com/#fragment", "wss://relay.example.com/")]
    [InlineData("  wss://relay.example.com  ", "wss://relay.example.com/")]
    [InlineData("wss://127.0.0.1:8080", "wss://127.0.0.1:8080/")]
    [InlineData("ws://[::1]:7777", "ws://[::1]:7777/")]
    [InlineData("wss://[2001:DB8::1]", "wss://[2001:db8::1]/")]
    [InlineData("wss://[2001:db8:0:0:0:0:0:1]:443/", "wss://[2001:db8::1]/")]
    [InlineData("wss://bücher.example/", "wss://xn--bcher-kva.example/")]
    [InlineData("ws://localhost:4869/", "ws://localhost:4869/")]
    public void Normalizes(string input, string expected)
    {
        var url = RelayUrl.Parse(input);

        Assert.Equal(expected, url.Value);
        Assert.Equal(expected, url.ToString());
        Assert.Equal(expected, RelayUrl.Parse(url.Value).Value);
    }

    [Fact]
    public void Spellings_of_one_relay_are_equal()
    {
        var a = RelayUrl.Parse("WSS://Relay.Example.com:443");
        var b = RelayUrl.Parse("wss://relay.example.com/");
        var c = RelayUrl.Parse("wss://relay.example.com/inbox");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("http://relay.example.com", "scheme must be ws or wss, not http")]
    [InlineData("https://relay.example.com/", "scheme must be ws or wss, not https")]
    [InlineData("HTTPS://relay.example.com/", "scheme must be ws or wss, not https")]
    [InlineData("ftp://relay.example.com/", "scheme must be ws or wss")]
    [InlineData("relay.example.com", "expected ws://host or wss://host")]
    [InlineData("not a url", "expected ws://host or wss://host")]
    [InlineData("wss://", "expected ws://host or wss://host")]
    [InlineData("wss:///path", "expected ws://host or wss://host")]
    [InlineData("/var/run/relay", "expected ws://host or wss://host")]
    [InlineData("wss://relay.example.com:99999/", "expected ws://host or wss://host")]
    [InlineData("wss://user:hunter2@relay.example.com/", "credentials")]
    [InlineData("wss://hunter2@relay.example.com/", "credentials")]
    public void Refuses_with_a_message_naming_the_problem(string input, string problem)
    {
        Assert.False(RelayUrl.TryParse(input, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);

        var e = Assert.Throws<FormatException>(() => RelayUrl.Parse(input));
        Assert.Equal(error, e.Message);
    }

    [Fact]
    public void Null_is_refused_as_empty()
    {
        Assert.False(RelayUrl.TryParse(null, out _, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_are_not_repeated_in_the_error()
    {
        Assert.False(RelayUrl.TryParse("wss://alice:hunter2@relay.example.com/", out _, out var error));

        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
        Assert.Contains("relay.example.com", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wss://relay.example.com/", RelayNetwork.Clearnet)]
    [InlineData("ws://127.0.0.1:7777/", RelayNetwork.Clearnet)]
    [InlineData("ws://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvw.onion/", RelayNetwork.Tor)]
    [InlineData("ws://ABCDEF.ONION", RelayNetwork.Tor)]
    [InlineData("wss://relay.onion", RelayNetwork.Tor)]
    [InlineData("ws://relay.i2p/", RelayNetwork.I2p)]
    [InlineData("ws://abc.b32.i2p:8080/nostr", RelayNetwork.I2p)]
    [InlineData("ws://relay.loki/", RelayNetwork.Loki)]
    [InlineData("wss://onion.example.com/", RelayNetwork.Clearnet)]
    [InlineData("wss://relay.onion.example.com/", RelayNetwork.Clearnet)]
    [InlineData("wss://myi2p.com/", RelayNetwork.Clearnet)]
    [InlineData("wss://relay.example.com/x.onion", RelayNetwork.Clearnet)]
    public void Detects_the_network_from_the_host(string input, RelayNetwork network)
    {
        Assert.Equal(network, RelayUrl.Parse(input).Network);
    }

    [Theory]
    [InlineData("wss://relay.example.com", "https://relay.example.com/")]
    [InlineData("ws://relay.example.com", "http://relay.example.com/")]
    [InlineData("wss://relay.example.com:7777/nostr?x=1", "https://relay.example.com:7777/nostr?x=1")]
    [InlineData("ws://relay.example.com:443/", "http://relay.example.com:443/")]
    [InlineData("ws://[::1]:7777", "http://[::1]:7777/")]
    public void Http_address_maps_ws_to_http_and_keeps_port_and_path(string input, string expected)
    {
        Assert.Equal(expected, RelayUrl.Parse(input).HttpUri.AbsoluteUri);
    }

    [Fact]
    public void Host_is_lower_case_and_ascii()
    {
        Assert.Equal("xn--bcher-kva.example", RelayUrl.Parse("wss://BÜCHER.example").Host);
    }
}
