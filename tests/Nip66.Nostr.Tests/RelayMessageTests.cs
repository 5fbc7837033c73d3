using System.Text;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class RelayMessageTests
{
    private const string Id = "000006d8c378af1779d2feebc7603a125d99eca0ccf1085959b307f64e5dd358";
    private const string PubKey = "a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243";
    private const string Sig = "284622fc0a3f4f1303455d5175f7ba962a3300d136085b9566801bc2e0699de0c7e31e44c81fb40ad9049173742e904713c3594a1da0fc5d2382a25c11aba977";

    private static readonly string EventJson =
        $$"""{"id":"{{Id}}","pubkey":"{{PubKey}}","created_at":1651794653,"kind":1,"tags":[["nonce","776797","20"]],"content":"It's just me mining my own business","sig":"{{Sig}}"}""";

    private static RelayMessage Parse(string json) => RelayMessage.Parse(Encoding.UTF8.GetBytes(json));

    private static string EventWith(string field, string rawValue)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = $"\"{Id}\"",
            ["pubkey"] = $"\"{PubKey}\"",
            ["created_at"] = "1651794653",
            ["kind"] = "1",
            ["tags"] = "[[\"nonce\",\"776797\",\"20\"]]",
            ["content"] = "\"It's just me mining my own business\"",
            ["sig"] = $"\"{Sig}\"",
        };
        if (rawValue.Length == 0)
        {
            fields.Remove(field);
        }
        else
        {
            fields[field] = rawValue;
        }

        return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
    }

    [Fact]
    public void Event_message_carries_the_subscription_and_the_event()
    {
        var message = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"sub-1\",{EventJson}]"));

        Assert.Equal("sub-1", message.SubscriptionId);
        Assert.Equal(Id, message.Value.Id);
        Assert.Equal(PubKey, message.Value.PubKey);
        Assert.Equal(1651794653, message.Value.CreatedAt);
        Assert.Equal(1, message.Value.Kind);
        Assert.Equal(["nonce", "776797", "20"], message.Value.Tags.Single());
        Assert.Equal("It's just me mining my own business", message.Value.Content);
        Assert.Equal(Sig, message.Value.Sig);
        Assert.True(EventVerifier.IsValid(message.Value));
    }

    [Fact]
    public void Event_fields_in_any_order_with_extra_fields_and_whitespace_are_read()
    {
        var json = $$"""
            [ "EVENT" , "s" , { "sig": "{{Sig}}", "extra": [1, {"a": null}], "content": "It's just me mining my own business",
              "tags": [ ["nonce", "776797", "20"] ], "kind": 1, "created_at": 1651794653, "pubkey": "{{PubKey}}", "id": "{{Id}}" } ]
            """;

        var message = Assert.IsType<EventMessage>(Parse(json));

        Assert.True(EventVerifier.IsValid(message.Value));
    }

    [Fact]
    public void Escaped_content_is_unescaped()
    {
        var json = $"[\"EVENT\",\"s\",{EventWith("content", "\"a\\\"b\\\\c\\n\\u0001\\u00e9\\ud83d\\ude00\\/\"")}]";

        var message = Assert.IsType<EventMessage>(Parse(json));

        Assert.Equal("a\"b\\c\n\u0001é\U0001F600/", message.Value.Content);
    }

    [Fact]
    public void Ok_true_and_false_with_reasons()
    {
        var accepted = Assert.IsType<OkMessage>(Parse($"[\"OK\",\"{Id}\",true,\"\"]"));
        var refused = Assert.IsType<OkMessage>(Parse($"[\"OK\",\"{Id}\",false,\"blocked: you are banned\"]"));
        var bare = Assert.IsType<OkMessage>(Parse($"[\"OK\",\"{Id}\",true]"));

        Assert.Equal(Id, accepted.EventId);
        Assert.True(accepted.Accepted);
        Assert.Equal(ReasonPrefix.None, accepted.Reason.Prefix);
        Assert.False(refused.Accepted);
        Assert.Equal(ReasonPrefix.Blocked, refused.Reason.Prefix);
        Assert.Equal("blocked: you are banned", refused.Reason.Text);
        Assert.Equal("blocked: you are banned", refused.Reason.ToString());
        Assert.True(bare.Accepted);
        Assert.Equal(new RelayReason(ReasonPrefix.None, string.Empty), bare.Reason);
    }

    [Theory]
    [InlineData("duplicate: already have this event", ReasonPrefix.Duplicate)]
    [InlineData("pow: difficulty 25>=24", ReasonPrefix.Pow)]
    [InlineData("blocked: tor exit nodes not allowed", ReasonPrefix.Blocked)]
    [InlineData("rate-limited: slow down there chief", ReasonPrefix.RateLimited)]
    [InlineData("invalid: event creation date is too far off", ReasonPrefix.Invalid)]
    [InlineData("restricted: not allowed to write", ReasonPrefix.Restricted)]
    [InlineData("mute: no one was listening", ReasonPrefix.Mute)]
    [InlineData("error: could not connect to the database", ReasonPrefix.Error)]
    [InlineData("auth-required: we only accept events from registered users", ReasonPrefix.AuthRequired)]
    [InlineData("payment-required: pay first", ReasonPrefix.PaymentRequired)]
    [InlineData("Auth-Required: capitalized", ReasonPrefix.AuthRequired)]
    [InlineData(" blocked : spaced", ReasonPrefix.Blocked)]
    [InlineData("auth-required:", ReasonPrefix.AuthRequired)]
    [InlineData("whatever: unknown prefix", ReasonPrefix.Unknown)]
    [InlineData("see https://example.com", ReasonPrefix.Unknown)]
    [InlineData("no prefix at all", ReasonPrefix.None)]
    [InlineData(": empty prefix", ReasonPrefix.None)]
    [InlineData("", ReasonPrefix.None)]
    public void Ok_and_closed_reasons_have_their_prefix(string reason, ReasonPrefix prefix)
    {
        var ok = Assert.IsType<OkMessage>(Parse($"[\"OK\",\"{Id}\",false,\"{reason}\"]"));
        var closed = Assert.IsType<ClosedMessage>(Parse($"[\"CLOSED\",\"sub\",\"{reason}\"]"));

        Assert.Equal(prefix, ok.Reason.Prefix);
        Assert.Equal(reason, ok.Reason.Text);
        Assert.Equal(prefix, closed.Reason.Prefix);
        Assert.Equal(reason, closed.Reason.Text);
        Assert.Equal(prefix, RelayReason.Parse(reason).Prefix);
    }

    [Fact]
    public void Null_reason_is_empty()
    {
        Assert.Equal(new RelayReason(ReasonPrefix.None, string.Empty), RelayReason.Parse(null));
        Assert.Equal(string.Empty, Assert.IsType<ClosedMessage>(Parse("[\"CLOSED\",\"sub\"]")).Reason.Text);
    }

    [Fact]
    public void Eose_closed_notice_auth_and_count()
    {
        Assert.Equal(new EoseMessage("sub"), Parse("[\"EOSE\",\"sub\"]"));
        Assert.Equal(new ClosedMessage("sub", new RelayReason(ReasonPrefix.AuthRequired, "auth-required: sign in")), Parse("[\"CLOSED\",\"sub\",\"auth-required: sign in\"]"));
        Assert.Equal(new NoticeMessage("we are \"down\""), Parse("[\"NOTICE\",\"we are \\\"down\\\"\"]"));
        Assert.Equal(new AuthMessage("challenge-é"), Parse("[\"AUTH\",\"challenge-é\"]"));
        Assert.Equal(new CountMessage("sub", 238), Parse("[\"COUNT\",\"sub\",{\"count\":238}]"));
        Assert.Equal(new CountMessage("sub", 5), Parse("[\"COUNT\",\"sub\",{\"count\":5,\"approximate\":true}]"));
    }

    [Fact]
    public void Whitespace_around_the_frame_is_allowed()
    {
        Assert.Equal(new EoseMessage("sub"), Parse(" \r\n\t[\"EOSE\",\"sub\"]\n "));
    }

    [Fact]
    public void Extra_trailing_elements_are_ignored()
    {
        Assert.Equal(new EoseMessage("sub"), Parse("[\"EOSE\",\"sub\",\"extra\"]"));
        Assert.Equal(new NoticeMessage("n"), Parse("[\"NOTICE\",\"n\",1]"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"EVENT\":1}")]
    [InlineData("\"EOSE\"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("[\"EOSE\"]")]
    [InlineData("[1,\"sub\"]")]
    [InlineData("[null,\"sub\"]")]
    [InlineData("[\"eose\",\"sub\"]")]
    [InlineData("[\"PING\",\"sub\"]")]
    [InlineData("[\"EOSE\",\"sub\"")]
    [InlineData("[\"EOSE\",\"sub\",]")]
    [InlineData("[\"EOSE\",\"sub\"] x")]
    [InlineData("[\"EOSE\",\"a\"][\"EOSE\",\"b\"]")]
    [InlineData("[\"EOSE\",1]")]
    [InlineData("[\"EOSE\",null]")]
    [InlineData("[\"EOSE\",[\"sub\"]]")]
    [InlineData("[\"NOTICE\",null]")]
    [InlineData("[\"NOTICE\",{}]")]
    [InlineData("[\"AUTH\",null]")]
    [InlineData("[\"AUTH\",42]")]
    [InlineData("[\"CLOSED\",null,\"x\"]")]
    [InlineData("[\"CLOSED\",\"sub\",7]")]
    [InlineData("[\"OK\",\"id\"]")]
    [InlineData("[\"OK\",null,true,\"\"]")]
    [InlineData("[\"OK\",\"id\",\"true\",\"\"]")]
    [InlineData("[\"OK\",\"id\",1,\"\"]")]
    [InlineData("[\"OK\",\"id\",null,\"\"]")]
    [InlineData("[\"OK\",\"id\",true,5]")]
    [InlineData("[\"EVENT\",\"sub\"]")]
    [InlineData("[\"EVENT\",\"sub\",null]")]
    [InlineData("[\"EVENT\",\"sub\",[]]")]
    [InlineData("[\"EVENT\",\"sub\",\"{}\"]")]
    [InlineData("[\"EVENT\",null,{}]")]
    [InlineData("[\"COUNT\",\"sub\"]")]
    [InlineData("[\"COUNT\",\"sub\",5]")]
    [InlineData("[\"COUNT\",\"sub\",{}]")]
    [InlineData("[\"COUNT\",\"sub\",{\"count\":\"5\"}]")]
    [InlineData("[\"COUNT\",\"sub\",{\"count\":1.5}]")]
    [InlineData("[\"COUNT\",null,{\"count\":1}]")]
    public void Malformed_frames_are_protocol_errors(string frame)
    {
        Assert.Throws<RelayProtocolException>(() => Parse(frame));
    }

    [Fact]
    public void Invalid_utf8_is_a_protocol_error()
    {
        byte[] frame = [.. Encoding.UTF8.GetBytes("[\"NOTICE\",\"a"), 0xc3, 0x28, .. Encoding.UTF8.GetBytes("\"]")];

        Assert.Throws<RelayProtocolException>(() => RelayMessage.Parse(frame));
    }

    [Fact]
    public void Deeply_nested_frames_are_protocol_errors()
    {
        var frame = "[\"NOTICE\",\"n\"," + new string('[', 64) + new string(']', 64) + "]";

        Assert.Throws<RelayProtocolException>(() => Parse(frame));
    }

    [Theory]
    [InlineData("id", "")]
    [InlineData("id", "null")]
    [InlineData("id", "5")]
    [InlineData("id", "\"000006D8C378AF1779D2FEEBC7603A125D99ECA0CCF1085959B307F64E5DD358\"")]
    [InlineData("id", "\"000006d8\"")]
    [InlineData("pubkey", "")]
    [InlineData("pubkey", "\"npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg\"")]
    [InlineData("pubkey", "[\"a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243\"]")]
    [InlineData("sig", "")]
    [InlineData("sig", "\"zz\"")]
    [InlineData("sig", "\"a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243\"")]
    [InlineData("created_at", "")]
    [InlineData("created_at", "\"1651794653\"")]
    [InlineData("created_at", "1651794653.5")]
    [InlineData("created_at", "1.651794653e9")]
    [InlineData("created_at", "-1")]
    [InlineData("created_at", "99999999999999999999")]
    [InlineData("created_at", "null")]
    [InlineData("kind", "")]
    [InlineData("kind", "\"1\"")]
    [InlineData("kind", "1.0")]
    [InlineData("kind", "-1")]
    [InlineData("kind", "65536")]
    [InlineData("kind", "true")]
    [InlineData("tags", "")]
    [InlineData("tags", "null")]
    [InlineData("tags", "{}")]
    [InlineData("tags", "\"[]\"")]
    [InlineData("tags", "[\"nonce\"]")]
    [InlineData("tags", "[[\"nonce\",776797]]")]
    [InlineData("tags", "[[\"nonce\",null]]")]
    [InlineData("tags", "[[[\"nonce\"]]]")]
    [InlineData("tags", "[null]")]
    [InlineData("content", "")]
    [InlineData("content", "null")]
    [InlineData("content", "5")]
    [InlineData("content", "{\"name\":\"x\"}")]
    public void Events_with_wrong_field_types_are_refused(string field, string rawValue)
    {
        var frame = $"[\"EVENT\",\"sub\",{EventWith(field, rawValue)}]";

        var e = Assert.Throws<RelayProtocolException>(() => Parse(frame));

        Assert.Contains("malformed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unmodified_event_used_for_field_tests_is_accepted()
    {
        var message = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"sub\",{EventWith("kind", "1")}]"));

        Assert.True(EventVerifier.IsValid(message.Value));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65535")]
    public void Kind_bounds_are_accepted(string kind)
    {
        var message = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"sub\",{EventWith("kind", kind)}]"));

        Assert.Equal(int.Parse(kind, System.Globalization.CultureInfo.InvariantCulture), message.Value.Kind);
        Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(message.Value));
    }

    [Fact]
    public void Empty_tags_and_tags_with_empty_strings_are_accepted()
    {
        var empty = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"sub\",{EventWith("tags", "[]")}]"));
        var blanks = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"sub\",{EventWith("tags", "[[],[\"\"],[\"\",\"\"]]")}]"));

        Assert.Empty(empty.Value.Tags);
        Assert.Equal(3, blanks.Value.Tags.Count);
        Assert.Empty(blanks.Value.Tags[0]);
        Assert.Equal([string.Empty, string.Empty], blanks.Value.Tags[2]);
    }

    [Fact]
    public void Long_messages_are_truncated_in_the_error()
    {
        var type = new string('X', 500);

        var e = Assert.Throws<RelayProtocolException>(() => Parse($"[\"{type}\",\"sub\"]"));

        Assert.DoesNotContain(type, e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 200);
    }
}
