namespace Nip66.Nostr.Tests;

/// <summary>The events the monitor signs to probe a relay: a NIP-42 AUTH answer and the write probe.</summary>
public class ProbeEventTests
{
    [Fact]
    public void An_auth_answer_is_kind_22242_naming_the_relay_and_the_challenge_and_reads_back()
    {
        var signed = new AuthEvent("wss://relay.example.com/", "c2f1").ToEvent(1_700_000_000).Sign(NostrKeys.Generate());

        Assert.Equal((22242, 1_700_000_000L, string.Empty), (signed.Kind, signed.CreatedAt, signed.Content));
        Assert.Equal([["relay", "wss://relay.example.com/"], ["challenge", "c2f1"]], signed.Tags);
        Assert.Equal(new AuthEvent("wss://relay.example.com/", "c2f1"), AuthEvent.Parse(signed));
    }

    [Fact]
    public void An_auth_answer_of_another_kind_or_without_its_tags_is_refused_by_name()
    {
        var keys = NostrKeys.Generate();
        var otherKind = new UnsignedEvent(1, 1, [["relay", "wss://r.example.com/"], ["challenge", "c"]], string.Empty).Sign(keys);
        var noChallenge = new UnsignedEvent(1, AuthEvent.Kind, [["relay", "wss://r.example.com/"]], string.Empty).Sign(keys);

        Assert.Equal("kind must be 22242", Assert.Throws<FormatException>(() => AuthEvent.Parse(otherKind)).Message);
        Assert.Equal("no challenge tag", Assert.Throws<FormatException>(() => AuthEvent.Parse(noChallenge)).Message);
    }

    [Fact]
    public void The_write_probe_is_an_addressable_kind_30078_that_expires_after_its_lifetime()
    {
        var draft = new WriteProbeEvent(TimeSpan.FromMinutes(5)).ToEvent(1_700_000_000);

        Assert.Equal(30078, draft.Kind);
        Assert.Equal([["d", "nip66-write-probe"], ["expiration", "1700000300"]], draft.Tags);
        Assert.NotEmpty(draft.Content);
    }
}
