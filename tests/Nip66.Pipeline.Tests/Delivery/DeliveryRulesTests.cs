using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Publisher;

namespace Nip66.Pipeline.Tests.Delivery;

/// <summary>Which refusals are retried, how long the waits grow, and how publish relays name their queues.</summary>
public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData(true, "", DeliveryOutcome.Accepted)]
    [InlineData(false, "duplicate: already have this event", DeliveryOutcome.Accepted)]
    [InlineData(false, "rate-limited: slow down", DeliveryOutcome.RefusedTemporarily)]
    [InlineData(false, "error: could not connect to the database", DeliveryOutcome.RefusedTemporarily)]
    [InlineData(false, "invalid: event too large", DeliveryOutcome.Refused)]
    [InlineData(false, "blocked: you are banned", DeliveryOutcome.Refused)]
    [InlineData(false, "pow: difficulty 30 required", DeliveryOutcome.Refused)]
    [InlineData(false, "restricted: not on the allow list", DeliveryOutcome.Refused)]
    [InlineData(false, "payment-required: pay first", DeliveryOutcome.Refused)]
    [InlineData(false, "auth-required: who are you", DeliveryOutcome.Refused)]
    [InlineData(false, "mute: no one listens", DeliveryOutcome.Refused)]
    [InlineData(false, "something else: went wrong", DeliveryOutcome.Refused)]
    [InlineData(false, "", DeliveryOutcome.Refused)]
    public void Only_rate_limited_and_error_refusals_are_retried(bool accepted, string reason, DeliveryOutcome expected) =>
        Assert.Equal(expected, RefusalKinds.OutcomeOf(new OkMessage(new string('a', 64), accepted, RelayReason.Parse(reason))));

    [Fact]
    public void Waits_double_up_to_the_cap_and_jitter_stays_within_its_fraction()
    {
        var options = new PublisherOptions();
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
            Enumerable.Range(1, 11).Select(a => DeliveryBackoff.Delay(a, options, unitRandom: 0.5).TotalSeconds));
        Assert.Equal(0.75, DeliveryBackoff.Delay(1, options, unitRandom: 0).TotalSeconds, 6);
        Assert.Equal(375, DeliveryBackoff.Delay(20, options, unitRandom: 1).TotalSeconds, 6);
        Assert.Equal(300, DeliveryBackoff.Delay(int.MaxValue, options, unitRandom: 0.5).TotalSeconds);
        var total = Enumerable.Range(1, options.MaxAttempts - 1).Sum(a => DeliveryBackoff.Delay(a, options, 0.5).TotalMinutes);
        Assert.InRange(total, 15, 20);
    }

    [Theory]
    [InlineData("wss://relay.example.com/", "deliver-event-relay-example-com")]
    [InlineData("ws://127.0.0.1:7447/", "deliver-event-127-0-0-1-7447")]
    [InlineData("wss://nos.lol/inbox/", "deliver-event-nos-lol-inbox")]
    public void Each_publish_relay_has_a_queue_named_after_it(string relay, string queue) => Assert.Equal(queue, DeliveryQueues.Name(relay));

    [Fact]
    public void Two_publish_relays_that_would_share_a_queue_are_a_configuration_error()
    {
        var error = Assert.Throws<ArgumentException>(() => DeliveryQueues.EnsureDistinct(["ws://relay.example.com/", "wss://relay.example.com/"]));
        Assert.StartsWith("PublishRelays: ws://relay.example.com/ and wss://relay.example.com/ would share the delivery queue deliver-event-relay-example-com", error.Message, StringComparison.Ordinal);
    }
}
