using System.Text;
using System.Text.Json;
using Nip66.Nostr.Discovery;

namespace Nip66.Nostr.Tests;

/// <summary>The 30166 size rule: what a too-big NIP-11 document loses, in which order, and that the event fits.</summary>
public class DiscoveryContentTests
{
    private const string Typical = """{"name":"Example","description":"A relay","icon":"https://example.com/i.png","pubkey":"a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243","supported_nips":[1,11,42],"software":"strfry","version":"1.0","limitation":{"auth_required":false},"negentropy":1}""";

    private static string Big(int chars) => new('x', chars);

    private static string Document(params (string Name, string Value)[] fields) =>
        "{" + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Name) + ":" + f.Value)) + "}";

    [Fact]
    public void A_document_that_fits_goes_in_whole_without_a_note()
    {
        var fitted = DiscoveryContent.Fit(Typical);

        Assert.Same(Typical, fitted.Json);
        Assert.False(fitted.Shrunk);
        Assert.Null(fitted.Note);
    }

    [Fact]
    public void A_200_KB_description_is_dropped_and_the_rest_kept_byte_for_byte()
    {
        var json = Document(("name", "\"Big\""), ("description", $"\"{Big(200 * 1024)}\""), ("supported_nips", "[1,11]"), ("extra", "{\"a\":[1,2]}"));

        var fitted = DiscoveryContent.Fit(json);

        Assert.Equal("""{"name":"Big","supported_nips":[1,11],"extra":{"a":[1,2]}}""", fitted.Json);
        Assert.Equal(["description"], fitted.Dropped);
        Assert.Contains("dropped description", fitted.Note);
        Assert.Contains(SignedEventSize.MaxText, fitted.Note);
    }

    [Fact]
    public void Fields_go_in_the_documented_order_only_as_far_as_needed()
    {
        var third = DiscoveryContent.BudgetBytes / 3;
        var json = Document(
            ("banner", $"\"{Big(third)}\""), ("icon", $"\"{Big(third)}\""), ("description", $"\"{Big(third)}\""),
            ("posting_policy", $"\"{Big(third)}\""), ("unknown", $"\"{Big(10)}\""), ("name", "\"kept\""));

        var fitted = DiscoveryContent.Fit(json);

        Assert.Equal(["description", "icon"], fitted.Dropped);
        Assert.Contains("\"banner\"", fitted.Json);
        Assert.Contains("\"posting_policy\"", fitted.Json);
    }

    [Fact]
    public void A_long_posting_policy_goes_before_unknown_fields_and_a_short_one_stays()
    {
        var longPolicy = Document(("posting_policy", $"\"{Big(DiscoveryContent.BudgetBytes)}\""), ("mine", "1"), ("name", "\"n\""));
        var shortPolicy = Document(("posting_policy", "\"https://example.com/policy\""), ("mine", $"\"{Big(DiscoveryContent.BudgetBytes)}\""), ("name", "\"n\""));

        var first = DiscoveryContent.Fit(longPolicy);
        var second = DiscoveryContent.Fit(shortPolicy);

        Assert.Equal(["posting_policy"], first.Dropped);
        Assert.Equal("""{"mine":1,"name":"n"}""", first.Json);
        Assert.Equal(["unknown fields"], second.Dropped);
        Assert.Equal("""{"posting_policy":"https://example.com/policy","name":"n"}""", second.Json);
    }

    [Fact]
    public void A_huge_known_field_leaves_an_empty_content()
    {
        var json = Document(("name", $"\"{Big(DiscoveryContent.BudgetBytes)}\""), ("description", "\"d\""));

        var fitted = DiscoveryContent.Fit(json);

        Assert.Equal(string.Empty, fitted.Json);
        Assert.Equal(["description", "the whole document (empty content)"], fitted.Dropped);
    }

    [Fact]
    public void Escapes_count_as_the_event_writes_them()
    {
        // Every quote inside the content is written as \" in the event: a document of budget/2 quotes fits no more.
        var quotes = new string('"', DiscoveryContent.BudgetBytes / 2);
        var json = Document(("description", JsonSerializer.Serialize(quotes)), ("name", "\"n\""));

        var fitted = DiscoveryContent.Fit(json);

        Assert.Equal(["description"], fitted.Dropped);
        Assert.True(SignedEventSize.OfString(fitted.Json) <= DiscoveryContent.BudgetBytes);
    }

    [Fact]
    public void An_unreadable_name_counts_as_unknown_and_nothing_throws()
    {
        var json = "{\"\\ud800\":\"" + Big(DiscoveryContent.BudgetBytes) + "\",\"name\":\"n\"}";

        var fitted = DiscoveryContent.Fit(json);

        Assert.Equal("""{"name":"n"}""", fitted.Json);
        Assert.Equal(["unknown fields"], fitted.Dropped);
    }

    [Fact]
    public void Text_that_is_no_JSON_object_becomes_an_empty_content()
    {
        var fitted = DiscoveryContent.Fit("[" + Big(DiscoveryContent.BudgetBytes) + "]");

        Assert.Equal(string.Empty, fitted.Json);
        Assert.True(fitted.Shrunk);
    }

    [Fact]
    public void A_draft_measures_exactly_as_its_signed_event()
    {
        var keys = NostrKeys.Generate();
        var draft = new UnsignedEvent(1_700_000_000, 30166, [["d", "wss://é.example/"], ["t", "a\u0001b\"c"]], Typical + "\n🙂");

        Assert.Equal(Encoding.UTF8.GetByteCount(draft.Sign(keys).ToJson()), SignedEventSize.Of(draft));
    }

    [Fact]
    public void The_worst_30166_a_relay_can_cause_fits_64_KiB_with_capped_tags()
    {
        var keys = NostrKeys.Generate();
        var hostileTopic = new string('\u0001', RelayDiscoveryCodec.MaxTopicChars);
        var discovery = new RelayDiscovery
        {
            Relay = "wss://relay.example.com/",
            CreatedAt = 1_700_000_000,
            RttOpen = 1,
            RttRead = 2,
            RttWrite = 3,
            Network = RelayNetwork.Clearnet,
            RelayTypes = ["PublicOutbox", "Search"],
            SupportedNips = [.. Enumerable.Range(1_000_000, 5000)],
            Requirements = [new Requirement(Requirement.Auth, true)],
            Topics = [.. Enumerable.Range(0, 500).Select(i => hostileTopic[..^4] + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), Big(65)],
            Languages = [.. Enumerable.Range(0, 200).Select(i => $"{(char)('a' + (i / 26 % 26))}{(char)('a' + (i % 26))}")],
            Content = Document(("name", "\"n\""), ("description", $"\"{Big(200 * 1024)}\"")),
        };

        var signed = RelayDiscoveryCodec.ToEvent(discovery).Sign(keys);

        Assert.True(Encoding.UTF8.GetByteCount(signed.ToJson()) <= SignedEventSize.MaxBytes, $"{Encoding.UTF8.GetByteCount(signed.ToJson())} bytes");
        Assert.True(signed.TagValues("N").Count() <= RelayDiscoveryCodec.MaxSupportedNips);
        Assert.True(signed.TagValues("l").Count() <= RelayDiscoveryCodec.MaxLanguages);
        Assert.True(signed.TagValues("t").Count() <= RelayDiscoveryCodec.MaxTopics);
        Assert.DoesNotContain(Big(65), signed.TagValues("t"));
        Assert.Equal("""{"name":"n"}""", signed.Content);
        Assert.Equal(discovery.Relay, RelayDiscoveryCodec.Parse(signed).Relay);
    }
}
