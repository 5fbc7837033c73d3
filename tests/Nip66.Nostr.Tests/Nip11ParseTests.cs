using System.Text;
using System.Text.Json;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

public class Nip11ParseTests
{
    private static Nip11Document Parse(string json) => Nip11Document.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_a_typical_document()
    {
        var doc = Parse("""
            {
              "name": "Example relay",
              "description": "A relay for tests",
              "pubkey": "a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243",
              "contact": "mailto:ops@example.com",
              "software": "git+https://github.com/example/relay.git",
              "version": "1.2.3",
              "supported_nips": [1, 11, 42, 9, 11],
              "limitation": { "auth_required": true, "payment_required": false, "restricted_writes": true, "min_pow_difficulty": 8 },
              "tags": ["sfw-only", "bitcoin"],
              "language_tags": ["en", "de"],
              "relay_countries": ["DE"]
            }
            """);

        Assert.Equal("Example relay", doc.Name);
        Assert.Equal("A relay for tests", doc.Description);
        Assert.Equal("a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243", doc.PubKey);
        Assert.Equal("mailto:ops@example.com", doc.Contact);
        Assert.Equal("git+https://github.com/example/relay.git", doc.Software);
        Assert.Equal("1.2.3", doc.Version);
        Assert.Equal([1, 9, 11, 42], doc.SupportedNips);
        Assert.True(doc.AuthRequired);
        Assert.False(doc.PaymentRequired);
        Assert.True(doc.RestrictedWrites);
        Assert.Equal(8, doc.MinPowDifficulty);
        Assert.Equal(["sfw-only", "bitcoin"], doc.Tags);
        Assert.Equal(["en", "de"], doc.LanguageTags);
        Assert.Equal(["DE"], doc.RelayCountries);
    }

    [Fact]
    public void Supported_nips_may_be_strings()
    {
        var doc = Parse("""{"supported_nips": ["1", "11", 42, "0042", "x", "1.5", " 2", "-3", 1.5, null, true, {}]}""");

        Assert.Equal([1, 11, 42], doc.SupportedNips);
    }

    [Fact]
    public void Limitations_spelling_is_accepted()
    {
        var doc = Parse("""{"limitations": {"auth_required": true, "payment_required": true, "min_pow_difficulty": "16"}}""");

        Assert.True(doc.AuthRequired);
        Assert.True(doc.PaymentRequired);
        Assert.Null(doc.RestrictedWrites);
        Assert.Equal(16, doc.MinPowDifficulty);
    }

    [Fact]
    public void Limitation_wins_over_limitations()
    {
        var doc = Parse("""{"limitation": {"auth_required": false}, "limitations": {"auth_required": true}}""");

        Assert.False(doc.AuthRequired);
    }

    [Fact]
    public void Null_limitation_falls_back_to_limitations()
    {
        var doc = Parse("""{"limitation": null, "limitations": {"auth_required": true}}""");

        Assert.True(doc.AuthRequired);
    }

    [Fact]
    public void Flags_as_strings_are_read_and_nonsense_is_unknown()
    {
        var doc = Parse("""{"limitation": {"auth_required": "true", "payment_required": "False", "restricted_writes": 1}}""");

        Assert.True(doc.AuthRequired);
        Assert.False(doc.PaymentRequired);
        Assert.Null(doc.RestrictedWrites);
    }

    [Fact]
    public void Wrong_types_are_ignored_not_fatal()
    {
        var doc = Parse("""
            {"name": 5, "description": ["x"], "pubkey": null, "contact": {}, "software": true, "version": 1.0,
             "supported_nips": "1,11", "limitation": [true], "tags": "nsfw", "language_tags": {"en": true},
             "relay_countries": [1, "US", null]}
            """);

        Assert.Null(doc.Name);
        Assert.Null(doc.Description);
        Assert.Null(doc.PubKey);
        Assert.Null(doc.Contact);
        Assert.Null(doc.Software);
        Assert.Null(doc.Version);
        Assert.Empty(doc.SupportedNips);
        Assert.Null(doc.AuthRequired);
        Assert.Null(doc.PaymentRequired);
        Assert.Null(doc.RestrictedWrites);
        Assert.Null(doc.MinPowDifficulty);
        Assert.Empty(doc.Tags);
        Assert.Empty(doc.LanguageTags);
        Assert.Equal(["US"], doc.RelayCountries);
    }

    [Fact]
    public void Empty_object_gives_empty_document()
    {
        var doc = Parse("{}");

        Assert.Null(doc.Name);
        Assert.Empty(doc.SupportedNips);
        Assert.Null(doc.AuthRequired);
        Assert.Equal("{}", doc.Json);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"relay\"")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    public void Non_object_is_refused(string json)
    {
        var e = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains("not a JSON object", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Please use a Nostr client</body></html>")]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": \"x\"")]
    [InlineData("{name: 1}")]
    public void Non_json_is_refused(string text)
    {
        var e = Assert.Throws<FormatException>(() => Parse(text));

        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("custom")]
    public void Invalid_utf8_is_refused_as_a_format_error(string field)
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("{\"" + field + "\":\"x"), 0xff, .. Encoding.UTF8.GetBytes("\"}")];

        Assert.Throws<FormatException>(() => Nip11Document.Parse(bytes));
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var json = "{\"x\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.Throws<FormatException>(() => Parse(json));
    }

    [Fact]
    public void Trailing_commas_and_comments_are_tolerated()
    {
        var doc = Parse("""
            {
              // served by a hand-written config
              "name": "x",
              "supported_nips": [1, 11,],
            }
            """);

        Assert.Equal("x", doc.Name);
        Assert.Equal([1, 11], doc.SupportedNips);
    }

    [Fact]
    public void Absurd_values_are_dropped()
    {
        var longTag = new string('t', 65);
        var manyTags = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"t{i}\""));
        var doc = Parse($$"""
            {"supported_nips": [1, 99999999999999999999, 2147483648, -1, 100000, 99999, 1e2, "4294967297"],
             "limitation": {"min_pow_difficulty": 1e400},
             "tags": ["", "{{longTag}}", "ok", "ok", {{manyTags}}],
             "language_tags": [""]}
            """);

        Assert.Equal([1, 99999], doc.SupportedNips);
        Assert.Null(doc.MinPowDifficulty);
        Assert.Equal(64, doc.Tags.Count);
        Assert.Equal("ok", doc.Tags[0]);
        Assert.DoesNotContain(longTag, doc.Tags);
        Assert.Empty(doc.LanguageTags);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-8")]
    [InlineData("\"-1\"")]
    [InlineData("257")]
    [InlineData("100000")]
    public void Impossible_pow_difficulty_is_unknown(string value)
    {
        // Difficulty counts leading zero bits of a 256-bit id.
        var doc = Parse("{\"limitation\": {\"min_pow_difficulty\": " + value + "}}");

        Assert.Null(doc.MinPowDifficulty);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("256", 256)]
    [InlineData("\"20\"", 20)]
    public void Possible_pow_difficulty_is_kept(string value, int expected)
    {
        var doc = Parse("{\"limitation\": {\"min_pow_difficulty\": " + value + "}}");

        Assert.Equal(expected, doc.MinPowDifficulty);
    }

    [Fact]
    public void Json_is_the_whole_document_minified_with_the_same_meaning()
    {
        const string source = """
            {
              "name" : "Relay é 😀",
              "description": "<b>a&b</b> \"quoted\"",
              "custom": {"nested": [1, 2.50, null]}
            }
            """;

        var doc = Parse(source);

        // Written as JSON.stringify writes it: non-ASCII as UTF-8, only quotes, backslashes and controls escaped.
        Assert.Equal("{\"name\":\"Relay é 😀\",\"description\":\"<b>a&b</b> \\\"quoted\\\"\",\"custom\":{\"nested\":[1,2.50,null]}}", doc.Json);
        using var reparsed = JsonDocument.Parse(doc.Json);
        Assert.Equal("Relay é 😀", reparsed.RootElement.GetProperty("name").GetString());
        Assert.Equal("<b>a&b</b> \"quoted\"", reparsed.RootElement.GetProperty("description").GetString());
    }
}
