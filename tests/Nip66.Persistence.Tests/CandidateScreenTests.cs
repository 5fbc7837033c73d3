using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence.Candidates;

namespace Nip66.Persistence.Tests;

/// <summary>The screen honours the operator's trusted ranges for literal addresses, as the guard does at connect; never for names.</summary>
public sealed class CandidateScreenTests
{
    static readonly TrustedRanges Trusted = TrustedRanges.TryParse(["10.1.0.0/16"], out var trusted, out var error) ? trusted : throw new InvalidOperationException(error);

    [Theory]
    [InlineData("ws://10.1.2.3:7777", null)]
    [InlineData("ws://10.2.0.1:7777", CandidateReasons.PrivateAddress)]
    [InlineData("ws://127.0.0.1:7777", CandidateReasons.PrivateAddress)]
    [InlineData("ws://localhost:7777", CandidateReasons.InternalHost)]
    [InlineData("wss://relay.example.com", null)]
    public void A_literal_address_in_a_trusted_range_passes_and_nothing_else_that_is_not_public(string url, string? reason)
    {
        var screen = new CandidateScreen(RelayOptOut.None, Trusted);
        Assert.Equal(reason, screen.Screen(url).Reason);
        Assert.Equal(CandidateReasons.PrivateAddress, new CandidateScreen(RelayOptOut.None, TrustedRanges.None).Screen("ws://10.1.2.3:7777").Reason);
    }
}
