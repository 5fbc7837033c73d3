using System.Text;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class ClientMessageTests
{
    private static readonly NostrEvent Nip13Event = new(
        "000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358",
        "a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243",
        1651794653,
        1,
        [["nonce", "776797", "20"]],
        "It's just me mining my own business",
        "284622fc0a3f4f1303455d5175f7ba962a3300d136085b9566801bc2e0699de0c7e31e44c81fb40ad9049173742e904713c3594a1da0fc5d2382a25c11aba977");

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);

    [Fact]
    public void An_event_frame_from_the_serialized_event_is_the_frame_from_the_event_itself()
    {
        foreach (var c in NostrToolsCrossCheckTests.Corpus)
        {
            var signed = c.Draft.Sign(NostrKeys.FromSecret(c.Secret), c.Aux);

            Assert.True(ClientMessages.Event(signed).AsSpan().SequenceEqual(ClientMessages.Event(signed.ToJson())), c.Name);
        }
    }

    [Fact]
    public void Read_probe_req_is_exact()
    {
        var bytes = ClientMessages.Req("probe-1", new Filter { Kinds = [1], Limit = 1 });

        Assert.Equal("[\"REQ\",\"probe-1\",{\"kinds\":[1],\"limit\":1}]"u8.ToArray(), bytes);
    }

    [Fact]
    public void Every_filter_field_in_a_fixed_order()
    {
        var filter = new Filter
        {
            Limit = 10,
            Until = 1700000100,
            Since = 1700000000,
            Tags = new Dictionary<char, IReadOnlyList<string>> { ['d'] = ["wss://relay.example.com/"], ['n'] = ["clearnet", "tor"] },
            Kinds = [30166, 10166],
            Authors = ["a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243"],
            Ids = ["000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358"],
        };

        var text = Text(ClientMessages.Req("s", filter));

        Assert.Equal(
            "[\"REQ\",\"s\",{\"ids\":[\"000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358\"]," +
            "\"authors\":[\"a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243\"]," +
            "\"kinds\":[30166,10166],\"#d\":[\"wss://relay.example.com/\"],\"#n\":[\"clearnet\",\"tor\"]," +
            "\"since\":1700000000,\"until\":1700000100,\"limit\":10}]",
            text);
    }

    [Fact]
    public void Empty_filter_and_no_filter()
    {
        Assert.Equal("[\"REQ\",\"s\",{}]", Text(ClientMessages.Req("s", new Filter())));
        Assert.Equal("[\"REQ\",\"s\"]", Text(ClientMessages.Req("s")));
    }

    [Fact]
    public void Empty_lists_are_written_not_dropped()
    {
        var text = Text(ClientMessages.Req("s", new Filter { Ids = [], Kinds = [], Limit = 0 }));

        Assert.Equal("[\"REQ\",\"s\",{\"ids\":[],\"kinds\":[],\"limit\":0}]", text);
    }

    [Fact]
    public void Several_filters_are_separate_elements()
    {
        var text = Text(ClientMessages.Req("multi", new Filter { Kinds = [0] }, new Filter { Authors = ["ab"], Limit = 2 }));

        Assert.Equal("[\"REQ\",\"multi\",{\"kinds\":[0]},{\"authors\":[\"ab\"],\"limit\":2}]", text);
    }

    [Fact]
    public void Strings_in_filters_and_subscription_ids_are_escaped()
    {
        var filter = new Filter { Tags = new Dictionary<char, IReadOnlyList<string>> { ['t'] = ["a\"b", "c\\d", "é\n"] } };

        var bytes = ClientMessages.Req("sub\"1", filter);

        Assert.Equal(Encoding.UTF8.GetBytes("[\"REQ\",\"sub\\\"1\",{\"#t\":[\"a\\\"b\",\"c\\\\d\",\"é\\n\"]}]"), bytes);
    }

    [Fact]
    public void Close_is_exact()
    {
        Assert.Equal("[\"CLOSE\",\"probe-1\"]"u8.ToArray(), ClientMessages.Close("probe-1"));
    }

    [Fact]
    public void Event_and_auth_wrap_the_event_json()
    {
        var eventJson = Nip13Event.ToJson();

        Assert.Equal("[\"EVENT\"," + eventJson + "]", Text(ClientMessages.Event(Nip13Event)));
        Assert.Equal("[\"AUTH\"," + eventJson + "]", Text(ClientMessages.Auth(Nip13Event)));
        Assert.StartsWith("[\"EVENT\",{\"id\":\"000006d8", Text(ClientMessages.Event(Nip13Event)), StringComparison.Ordinal);
    }

    [Fact]
    public void Event_message_parses_back_to_a_valid_event()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ClientMessages.Event(Nip13Event));

        Assert.Equal("EVENT", doc.RootElement[0].GetString());
        var back = EventParser.Parse(doc.RootElement[1]);
        Assert.True(EventVerifier.IsValid(back));
    }

    [Fact]
    public void Req_output_is_valid_json()
    {
        var filter = new Filter { Kinds = [1, 2], Tags = new Dictionary<char, IReadOnlyList<string>> { ['e'] = ["\u0001"] }, Since = 0 };

        using var doc = System.Text.Json.JsonDocument.Parse(ClientMessages.Req("s", filter));

        Assert.Equal("\u0001", doc.RootElement[2].GetProperty("#e")[0].GetString());
        Assert.Equal(0, doc.RootElement[2].GetProperty("since").GetInt64());
    }
}
