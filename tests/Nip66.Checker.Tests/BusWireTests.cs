using System.Text.Json;
using MassTransit.Serialization;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker.Tests;

/// <summary>
/// What the check result and the delivery carry on the bus (MassTransit's System.Text.Json serializer, as on
/// RabbitMQ): the typed NIP-11 document and network arrive as they left, messages of the previous version still read,
/// and a signed event arrives as the exact characters that were signed.
/// </summary>
public sealed class BusWireTests
{
    private static readonly JsonSerializerOptions Bus = SystemTextJsonMessageSerializer.Options;

    [Fact]
    public void The_typed_nip11_document_and_network_cross_the_bus_unchanged_and_the_network_by_its_name()
    {
        var document = Nip11Document.Parse("""{"name":"Relay é 😀","description":"a\nb \"q\"","supported_nips":[1,"11",50],"limitation":{"auth_required":"true","min_pow_difficulty":8},"tags":["sfw-only"],"language_tags":["en-US"],"x":{"y":[1,2]}}"""u8);
        var sent = Result() with { Network = RelayNetwork.I2p, Nip11 = document };

        var wire = JsonSerializer.Serialize(sent, Bus);
        var received = JsonSerializer.Deserialize<RelayCheckResult>(wire, Bus)!;

        Assert.Equal("i2p", JsonDocument.Parse(wire).RootElement.GetProperty("network").GetString());
        Assert.Equal(RelayNetwork.I2p, received.Network);
        var arrived = Assert.IsType<Nip11Document>(received.Nip11);
        Assert.Equal(document.Json, arrived.Json);
        Assert.Equal(document with { SupportedNips = [], Tags = [], LanguageTags = [], RelayCountries = [] },
            arrived with { SupportedNips = [], Tags = [], LanguageTags = [], RelayCountries = [] });
        Assert.Equal([1, 11, 50], arrived.SupportedNips);
        Assert.Equal(["sfw-only"], arrived.Tags);
        Assert.Equal(["en-US"], arrived.LanguageTags);
    }

    [Fact]
    public void A_check_result_of_the_previous_version_still_reads_without_its_untyped_nip11()
    {
        // As the checker published it before NIP-11 was typed: the network by name, the document as a string, and the
        // TLS certificate nobody read.
        const string older = """
            {"url":"wss://abc.onion/","network":"tor","status":1,"rttOpenMs":120,"checks":[],"spokeNostr":true,
             "nip11Json":"{\"name\":\"old\"}","addresses":["127.0.0.1"],
             "certificate":{"subject":"CN=x","issuer":"CN=x","notBefore":"2026-01-01T00:00:00+00:00","notAfter":"2027-01-01T00:00:00+00:00","valid":true,"errors":null},
             "startedAt":"2026-06-01T12:00:00+00:00","finishedAt":"2026-06-01T12:00:02+00:00"}
            """;

        var received = JsonSerializer.Deserialize<RelayCheckResult>(older, Bus)!;

        Assert.Equal(RelayNetwork.Tor, received.Network);
        Assert.Equal(RelayStatus.Degraded, received.Status);
        Assert.Equal(120, received.RttOpenMs);
        Assert.Null(received.Nip11);
    }

    [Fact]
    public void A_signed_event_crosses_the_bus_as_the_exact_characters_signed()
    {
        var keys = NostrKeys.Generate();
        string[] contents = ["plain", "quotes \" and \\ and \n and \u0001", "emoji 😀 and é", "lone \ud800 surrogate", "</script> \u2028"];
        foreach (var content in contents)
        {
            var signed = new UnsignedEvent(1_760_000_000, 30166, [["d", "wss://relay.example.com/"]], content).Sign(keys);
            var sent = new DeliverEvent { EventId = signed.Id, EventJson = signed.ToJson(), PublishRelay = "wss://publish.example.com/" };

            var received = JsonSerializer.Deserialize<DeliverEvent>(JsonSerializer.Serialize(sent, Bus), Bus)!;

            Assert.Equal(signed.Id, received.EventId);
            Assert.True(ClientMessages.Event(signed).AsSpan().SequenceEqual(ClientMessages.Event(received.EventJson)), content);
        }
    }

    private static RelayCheckResult Result() => new()
    {
        Url = "wss://relay.example.com/",
        Network = RelayNetwork.Clearnet,
        Status = RelayStatus.Online,
        SpokeNostr = true,
        StartedAt = DateTimeOffset.UnixEpoch,
        FinishedAt = DateTimeOffset.UnixEpoch.AddSeconds(2),
    };
}
