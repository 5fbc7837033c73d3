using System.Text;
using System.Text.Json;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

/// <summary>What PostgreSQL and strict UTF-8 refuse never leaves <see cref="SafeText"/>; everything else is kept.</summary>
public class SafeTextTests
{
    private const string Emoji = "\U0001F600";

    // A table, not InlineData: xunit's serialization of theory data would itself replace the lone surrogates.
    private static readonly (string Text, string Expected)[] Refused =
    [
        ("a\0b", "a\uFFFDb"),
        ("bell\u0007 escape\u001b[31m", "bell\uFFFD escape\uFFFD[31m"),
        ("c1 csi\u009b31m next\u0085line", "c1 csi\uFFFD31m next\uFFFDline"),
        ("lone high \ud800", "lone high \uFFFD"),
        ("lone low \udc00 here", "lone low \uFFFD here"),
        ("reversed \udc00\ud800", "reversed \uFFFD\uFFFD"),
        ("\ud800" + Emoji + "\udfff", "\uFFFD" + Emoji + "\uFFFD"),
    ];

    [Fact]
    public void Refused_characters_are_replaced()
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var (text, expected) in Refused)
        {
            var clean = SafeText.Clean(text);

            Assert.Equal(expected, clean);
            Assert.True(SafeText.IsClean(clean));
            Assert.False(SafeText.IsClean(text));
            Assert.Equal(clean, strict.GetString(strict.GetBytes(clean)));
        }
    }

    [Theory]
    [InlineData("plain ascii")]
    [InlineData("tab\tnew line\ncarriage\r")]
    [InlineData("émoji " + Emoji + " 日本語 \u007f")]
    [InlineData("")]
    public void Clean_text_is_returned_as_it_is(string text)
    {
        Assert.Same(text, SafeText.Clean(text));
        Assert.True(SafeText.IsClean(text));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(SafeText.Clean(null));
        Assert.Equal(string.Empty, SafeText.Clean(null, 10));
    }

    [Theory]
    [InlineData(299, 299)]
    [InlineData(300, 299)]
    [InlineData(301, 301)]
    [InlineData(1000, 309)]
    public void Cuts_keep_whole_code_points(int maxLength, int expectedLength)
    {
        // 299 x, then emojis: unit 299 is the first half of a surrogate pair.
        var text = new string('x', 299) + string.Concat(Enumerable.Repeat(Emoji, 5));

        var cut = SafeText.Clean(text, maxLength);

        Assert.Equal(expectedLength, cut.Length);
        Assert.True(SafeText.IsClean(cut));
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_also_cleans()
    {
        Assert.Equal("a\uFFFD", SafeText.Clean("a\0bcdef", 2));
    }

    [Theory]
    [InlineData("\"a\\u0000b\"", "a\uFFFDb")]
    [InlineData("\"\\ud800\"", "\uFFFD")]
    [InlineData("\"x\\udc00\\ud800y\"", "x\uFFFD\uFFFDy")]
    [InlineData("\"\\ud83d\\ude00 pair\"", Emoji + " pair")]
    [InlineData("\"quote \\\" slash \\/ back \\\\ \\b\\f\\n\\r\\t\"", "quote \" slash / back \\ \uFFFD\uFFFD\n\r\t")]
    [InlineData("\"raw é " + Emoji + "\"", "raw é " + Emoji)]
    public void Json_strings_are_read_without_throwing_and_made_safe(string json, string expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, SafeText.Read(document.RootElement));
    }

    [Fact]
    public void Exact_keeps_a_lone_surrogate_for_signature_checks()
    {
        using var document = JsonDocument.Parse("\"a\\ud800\\u0000\"");

        Assert.Equal("a\ud800\0", SafeText.Exact(document.RootElement));
    }

    [Fact]
    public void Property_names_are_read_safely()
    {
        using var document = JsonDocument.Parse("{\"k\\u0000\\ud800ey\":1}");

        Assert.Equal("k\uFFFD\uFFFDey", SafeText.Read(document.RootElement.EnumerateObject().Single()));
    }

    [Fact]
    public void Json_is_rewritten_with_no_refused_escape_left()
    {
        const string hostile = """
            { "name" : "a\u0000b", "k\ud800" : ["\udfff", 1.50, -2e3, true, false, null, {"x\u0001":"é"}], "ok":"\ud83d\ude00 \"q\" \n" }
            """;
        using var document = JsonDocument.Parse(hostile);

        var json = SafeText.Json(document.RootElement);

        Assert.Equal("{\"name\":\"a\uFFFDb\",\"k\uFFFD\":[\"\uFFFD\",1.50,-2e3,true,false,null,{\"x\uFFFD\":\"é\"}],\"ok\":\"" + Emoji + " \\\"q\\\" \\n\"}", json);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
        Assert.True(SafeText.IsClean(json));
    }

    [Fact]
    public void Stored_json_is_repaired_only_when_needed()
    {
        const string clean = "{\"name\":\"fine é\"}";

        Assert.Same(clean, SafeText.Json(clean));
        Assert.Null(SafeText.Json((string?)null));
        Assert.Equal("{\"name\":\"a\uFFFDb\"}", SafeText.Json("{\"name\":\"a\\u0000b\"}"));
        Assert.Equal("{\"name\":\"\uFFFD\"}", SafeText.Json("{\"name\":\"\\ud800\"}"));
        Assert.Equal("{\"name\":\"a\uFFFDb\"}", SafeText.Json("{\"name\":\"a\0b\"}"));
        Assert.Null(SafeText.Json("{\"name\":\\ not json"));
    }
}
