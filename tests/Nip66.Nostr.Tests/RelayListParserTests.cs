using System.Text;
using Nip66.Nostr.RelayLists;

namespace Nip66.Nostr.Tests;

/// <summary>The relay-list parsers on hostile events: whatever an author signs, the answer is mentions or a skip, never an exception.</summary>
public sealed class RelayListParserTests
{
    private static readonly NostrKeys Author = NostrKeys.Generate();

    [Fact]
    public void A_10002_gives_every_r_tag_whatever_its_marker_and_nothing_else()
    {
        var mentions = Read(10002, [
            ["r", "wss://write.example", "write"],
            ["r", "wss://read.example", "read"],
            ["r", "wss://empty-marker.example", ""],
            ["r", "wss://no-marker.example"],
            ["r", "wss://odd-marker.example", "inbox", "extra"],
            ["r"],
            ["r", ""],
            ["relay", "wss://a-relay-tag.example"],
            ["client", "coracle"],
            ["r", "wss://write.example", "read"],
        ]);

        Assert.Null(mentions.Malformed);
        Assert.Equal(["wss://write.example", "wss://read.example", "wss://empty-marker.example", "wss://no-marker.example", "wss://odd-marker.example"], mentions.Urls);
        Assert.Equal(1, mentions.Dropped);
    }

    [Fact]
    public void A_30002_relay_set_gives_its_relay_tags()
    {
        var mentions = Read(30002, [["d", "my-set"], ["relay", "wss://one.example"], ["r", "wss://not-a-set-tag.example"], ["relay", "wss://two.example/path"]]);

        Assert.Equal(["wss://one.example", "wss://two.example/path"], mentions.Urls);
    }

    [Fact]
    public void A_kind_2_gives_its_content_and_an_empty_one_is_malformed()
    {
        Assert.Equal(["wss://recommended.example"], Read(2, [], "wss://recommended.example").Urls);
        Assert.NotNull(Read(2, [], "  ").Malformed);
    }

    [Fact]
    public void A_30166_or_30066_gives_its_d_tag_and_one_without_is_malformed()
    {
        Assert.Equal(["wss://checked.example/"], Read(30166, [["N", "%!d(float64=1)"], ["d", "wss://checked.example/"], ["rtt-open", "4.0"]]).Urls);
        Assert.Equal(["wss://legacy.example/"], Read(30066, [["d", "wss://legacy.example/"], ["other", "network", "clearnet"], ["rtt", "open", "142"]]).Urls);
        var missing = Read(30166, [["rtt-open", "12"]]);
        Assert.Empty(missing.Urls);
        Assert.Equal("kind 30166 event has no d tag", missing.Malformed);
    }

    [Fact]
    public void A_kind_3_relay_map_gives_its_keys_whatever_their_values()
    {
        var mentions = Read(3, [["p", new string('a', 64), "wss://hint.example"]],
            """{"wss://a.example":{"read":true,"write":false},"wss://b.example":5,"wss://c.example":null,"wss://d.example":["x"],"wss://e.example":"rw","wss://a.example":{}}""");

        Assert.Null(mentions.Malformed);
        Assert.Equal(["wss://a.example", "wss://b.example", "wss://c.example", "wss://d.example", "wss://e.example"], mentions.Urls);
    }

    [Fact]
    public void A_kind_3_without_content_mentions_nothing_and_is_not_malformed()
    {
        var mentions = Read(3, [], string.Empty);

        Assert.Empty(mentions.Urls);
        Assert.Null(mentions.Malformed);
    }

    [Theory]
    [InlineData("not json at all", "kind 3 content is not a JSON relay map")]
    [InlineData("""["wss://in.an.array"]""", "kind 3 content is JSON but no relay map object (it starts with StartArray)")]
    [InlineData("\"wss://a.string\"", "kind 3 content is JSON but no relay map object (it starts with String)")]
    [InlineData("42", "kind 3 content is JSON but no relay map object (it starts with Number)")]
    [InlineData("""{"wss://a.example":{"read":true}""", "kind 3 content is not a JSON relay map")]
    [InlineData("""{"wss://a.example":tru}""", "kind 3 content is not a JSON relay map")]
    public void A_kind_3_whose_content_is_no_relay_map_is_skipped_with_a_reason(string content, string reason)
    {
        var mentions = Read(3, [], content);

        Assert.Empty(mentions.Urls);
        Assert.StartsWith(reason, mentions.Malformed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_3_nested_past_any_relay_map_is_malformed_not_a_stack_overflow()
    {
        var content = "{\"wss://deep.example\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        var mentions = Read(3, [], content);

        Assert.Empty(mentions.Urls);
        Assert.StartsWith("kind 3 content is not a JSON relay map", mentions.Malformed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_relay_map_is_capped_and_says_how_many_it_dropped()
    {
        var content = new StringBuilder("{");
        for (var i = 0; i < 5000; i++)
        {
            content.Append(i == 0 ? "" : ",").Append($"\"wss://spam{i}.example\":{{\"read\":true,\"write\":true}}");
        }

        var mentions = Read(3, [], content.Append('}').ToString());

        Assert.Equal(RelayListParser.MaxUrlsPerEvent, mentions.Urls.Count);
        Assert.Equal("wss://spam999.example", mentions.Urls[^1]);
        Assert.Equal(5000 - RelayListParser.MaxUrlsPerEvent, mentions.Dropped);
    }

    [Fact]
    public void An_overlong_url_is_dropped()
    {
        var mentions = Read(10002, [["r", "wss://" + new string('x', RelayListParser.MaxUrlChars) + ".example"], ["r", "wss://fine.example"]]);

        Assert.Equal(["wss://fine.example"], mentions.Urls);
        Assert.Equal(1, mentions.Dropped);
    }

    [Fact]
    public void Text_no_database_takes_is_cleaned_and_a_key_that_spells_no_text_is_dropped()
    {
        var mentions = Read(3, [], """{"wss://nul\u0000.example":{},"wss://\ud800lone.example":{},"wss://esc\u001b[31m.example":{}}""");

        Assert.Equal(["wss://nul\uFFFD.example", "wss://esc\uFFFD[31m.example"], mentions.Urls);
        Assert.Equal(1, mentions.Dropped);
        Assert.All(mentions.Urls, u => Assert.True(SafeText.IsClean(u)));
    }

    [Fact]
    public void A_tag_value_with_a_nul_is_cleaned()
    {
        Assert.Equal(["wss://a\uFFFDb.example"], Read(10002, [["r", "wss://a\0b.example"]]).Urls);
    }

    /// <summary>The parser passes on what was written; refusing it is the candidate screen's (one rule, RelayUrl's).</summary>
    [Fact]
    public void A_javascript_url_is_passed_on_as_written_and_the_screen_refuses_it()
    {
        var mentions = Read(10002, [["r", "javascript:alert(1)"], ["r", "https://not-a-relay.example"]]);

        Assert.Equal(["javascript:alert(1)", "https://not-a-relay.example"], mentions.Urls);
        Assert.All(mentions.Urls, u => Assert.False(RelayUrl.TryParse(u, out _, out _)));
    }

    [Fact]
    public void A_forged_event_is_never_verified()
    {
        var signed = new UnsignedEvent(1_700_000_000, 10002, [["r", "wss://genuine.example"]], string.Empty).Sign(Author);

        Assert.Null(VerifiedEvent.Verify(signed with { Tags = [["r", "wss://forged.example"]] }, out var idMismatch));
        Assert.Equal(EventValidity.IdMismatch, idMismatch);
        var otherSig = new UnsignedEvent(1_700_000_001, 10002, [], string.Empty).Sign(Author).Sig;
        Assert.Null(VerifiedEvent.Verify(signed with { Sig = otherSig }, out var badSignature));
        Assert.Equal(EventValidity.BadSignature, badSignature);
    }

    [Fact]
    public void A_kind_the_parser_does_not_read_is_the_callers_mistake()
    {
        var note = VerifiedEvent.Verify(new UnsignedEvent(1_700_000_000, 1, [], "hello").Sign(Author))!;

        Assert.Throws<ArgumentException>(() => RelayListParsers.Outbox.Read(note));
        Assert.Null(RelayListParsers.ForKind(1));
    }

    [Fact]
    public void A_10166_without_a_numeric_frequency_still_names_a_monitor()
    {
        var announcement = VerifiedEvent.Verify(new UnsignedEvent(1_700_000_000, 10166, [["frequency", "hourly"], ["timeout", "3000", "open"]], string.Empty).Sign(Author))!;

        Assert.Equal(new MonitorSighting(Author.PublicKeyHex, 1_700_000_000, null), MonitorSightingParser.Read(announcement));
    }

    private static RelayMentions Read(int kind, IReadOnlyList<IReadOnlyList<string>> tags, string content = "")
    {
        var e = VerifiedEvent.Verify(new UnsignedEvent(1_700_000_000, kind, tags, content).Sign(Author))!;
        return RelayListParsers.ForKind(kind)!.Read(e);
    }
}
