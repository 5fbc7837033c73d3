using System.Net;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary><c>Guard:TrustedRanges</c>: parsed strictly, applied by the connect policy to the address dialled.</summary>
public sealed class TrustedRangesTests
{
    private static TrustedRanges Parse(params string[] texts) =>
        TrustedRanges.TryParse(texts, out var ranges, out var error) ? ranges : throw new FormatException(error);

    [Theory]
    [InlineData("10.0.0.1", "prefix length")]
    [InlineData("10.0.0.1/8", "bits set past the prefix; the range starts at 10.0.0.0/8")]
    [InlineData("10.0.0.0/33", "CIDR")]
    [InlineData("relay.example.com/32", "CIDR")]
    [InlineData("fd00::/129", "CIDR")]
    public void A_bad_range_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(TrustedRanges.TryParse(["192.168.0.0/16", text], out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.20.30.40", true)]
    [InlineData("::ffff:10.20.30.40", true)]
    [InlineData("10.21.0.1", false)]
    [InlineData("fd00:1::5", true)]
    [InlineData("fd01::5", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.2", false)]
    public void Ranges_match_the_address_dialled(string address, bool trusted) =>
        Assert.Equal(trusted, Parse("10.20.0.0/16", "fd00::/16", "127.0.0.1/32").Contains(IPAddress.Parse(address)));

    [Fact]
    public void The_policy_allows_public_or_trusted_addresses_when_guarded_and_every_address_when_not()
    {
        var guarded = new ConnectPolicy(AllowPrivateAddresses: false, Limiter: null) { TrustedRanges = Parse("192.168.7.0/24") };

        Assert.True(guarded.Allows(IPAddress.Parse("8.8.8.8")));
        Assert.True(guarded.Allows(IPAddress.Parse("192.168.7.9")));
        Assert.False(guarded.Allows(IPAddress.Parse("192.168.8.9")));
        Assert.False(guarded.Allows(IPAddress.Parse("64:ff9b::c0a8:709")));
        Assert.True(ConnectPolicy.Unrestricted.Allows(IPAddress.Parse("192.168.8.9")));
        Assert.False(TrustedRanges.None.Contains(IPAddress.Loopback));
    }
}
