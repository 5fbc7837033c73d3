using System.Text;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary>Frames and NIP-11 documents with NUL, unpaired surrogates and wrong types: read, never thrown, made safe.</summary>
public class HostileTextParseTests
{
    private static RelayMessage Parse(string json) => RelayMessage.Parse(Encoding.UTF8.GetBytes(json));

    private static Nip11Document Nip11(string json) => Nip11Document.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("[\"OK\",\"id\",false,\"blocked: a\\u0000b\"]", "blocked: a\uFFFDb")]
    [InlineData("[\"OK\",\"id\",false,\"blocked: \\ud800 alone\"]", "blocked: \uFFFD alone")]
    [InlineData("[\"OK\",\"id\",false,\"rate-limited: \\udc00\\u0007\"]", "rate-limited: \uFFFD\uFFFD")]
    public void Ok_reasons_are_read_and_made_safe(string frame, string reason)
    {
        var ok = Assert.IsType<OkMessage>(Parse(frame));

        Assert.Equal(reason, ok.Reason.Text);
        Assert.NotEqual(ReasonPrefix.None, ok.Reason.Prefix);
    }

    [Fact]
    public void Every_relay_string_is_made_safe()
    {
        Assert.Equal("s\uFFFD", Assert.IsType<EoseMessage>(Parse("[\"EOSE\",\"s\\ud800\"]")).SubscriptionId);
        Assert.Equal("s\uFFFD", Assert.IsType<OkMessage>(Parse("[\"OK\",\"s\\u0000\",true]")).EventId);
        var closed = Assert.IsType<ClosedMessage>(Parse("[\"CLOSED\",\"s\\u0000\",\"auth-required: \\ud800\"]"));
        Assert.Equal(("s\uFFFD", ReasonPrefix.AuthRequired, "auth-required: \uFFFD"), (closed.SubscriptionId, closed.Reason.Prefix, closed.Reason.Text));
        Assert.Equal("hello \uFFFD\uFFFD", Assert.IsType<NoticeMessage>(Parse("[\"NOTICE\",\"hello \\u0000\\udfff\"]")).Text);
        Assert.Equal("challenge\uFFFD", Assert.IsType<AuthMessage>(Parse("[\"AUTH\",\"challenge\\ud83d\"]")).Challenge);
        Assert.Equal("c\uFFFD", Assert.IsType<CountMessage>(Parse("[\"COUNT\",\"c\\u0000\",{\"count\":3}]")).SubscriptionId);
    }

    [Fact]
    public void An_unknown_type_with_a_lone_surrogate_is_a_protocol_error_that_quotes_it_safely()
    {
        var e = Assert.Throws<RelayProtocolException>(() => Parse("[\"X\\u0000\\ud800" + new string('y', 100) + "\",\"s\"]"));

        Assert.True(SafeText.IsClean(e.Message));
        Assert.Contains("X\uFFFD\uFFFD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signed_event_whose_content_holds_a_lone_surrogate_and_nul_still_verifies()
    {
        // JavaScript relays store and sign such text; the id hashes the JSON.stringify form ("\ud800", "\u0000").
        var signed = new UnsignedEvent(1_700_000_000, 1, [["t", "x\udc00"]], "a\ud800b\0c").Sign(NostrKeys.Generate());

        var message = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"s\\u0000\",{signed.ToJson()}]"));

        Assert.Equal("s\uFFFD", message.SubscriptionId);
        Assert.Equal("a\ud800b\0c", message.Value.Content);
        Assert.True(EventVerifier.IsValid(message.Value));
    }

    [Fact]
    public void A_key_that_spells_a_lone_surrogate_does_not_hide_the_other_fields()
    {
        // JsonElement.TryGetProperty throws on such a key anywhere in the object.
        var signed = new UnsignedEvent(1_700_000_000, 1, [], "x").Sign(NostrKeys.Generate()).ToJson();

        var message = Assert.IsType<EventMessage>(Parse($"[\"EVENT\",\"s\",{signed[..^1]},\"\\ud800\":1}}]"));
        var count = Assert.IsType<CountMessage>(Parse("[\"COUNT\",\"c\",{\"\\udc00\":0,\"count\":7}]"));

        Assert.True(EventVerifier.IsValid(message.Value));
        Assert.Equal(7, count.Value);
    }

    [Fact]
    public void Nip11_text_fields_and_keys_are_made_safe_in_the_fields_and_the_stored_json()
    {
        var document = Nip11("""
            {"name":"a\u0000b","description":"\ud800","software":"x\udc00\ud800","k\u0000ey":"v","\ud800":["\udfff",{"\u0000":1}],
             "tags":["ok\u0000"],"language_tags":["\ud800"],"supported_nips":[1]}
            """);

        Assert.Equal("a\uFFFDb", document.Name);
        Assert.Equal("\uFFFD", document.Description);
        Assert.Equal("x\uFFFD\uFFFD", document.Software);
        Assert.Equal(["ok\uFFFD"], document.Tags);
        Assert.Equal(["\uFFFD"], document.LanguageTags);
        Assert.True(SafeText.IsClean(document.Json));
        Assert.DoesNotContain("\\u", document.Json, StringComparison.Ordinal);
        Assert.Contains("\"k\uFFFDey\":\"v\"", document.Json, StringComparison.Ordinal);
        Assert.Contains("\"\uFFFD\":[\"\uFFFD\",{\"\uFFFD\":1}]", document.Json, StringComparison.Ordinal);
        Assert.Equal(document.Json, Nip11Document.Parse(Encoding.UTF8.GetBytes(document.Json)).Json);
    }

    [Fact]
    public void Nip11_numbers_where_text_is_wanted_are_ignored_not_thrown()
    {
        var document = Nip11("""{"name":42,"description":{"text":"x"},"supported_nips":["11",1.5,"x",2],"limitation":{"auth_required":"no"}}""");

        Assert.Null(document.Name);
        Assert.Null(document.Description);
        Assert.Equal([2, 11], document.SupportedNips);
        Assert.Null(document.AuthRequired);
        Assert.Equal("""{"name":42,"description":{"text":"x"},"supported_nips":["11",1.5,"x",2],"limitation":{"auth_required":"no"}}""", document.Json);
    }

    [Fact]
    public void A_200_kilobyte_nip11_is_read_whole()
    {
        var description = string.Concat(Enumerable.Repeat("é\U0001F600\\u0000", 24 * 1024));

        var document = Nip11($$"""{"name":"big","description":"{{description}}"}""");

        Assert.True(Encoding.UTF8.GetByteCount(document.Json) > 200 * 1024);
        Assert.True(SafeText.IsClean(document.Json));
        Assert.Equal(24 * 1024 * 4, document.Description!.Length);
    }
}
