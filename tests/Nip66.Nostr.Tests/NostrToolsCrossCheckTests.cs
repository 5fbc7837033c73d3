using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Nostr.Tests;

/// <summary>
/// Runs a corpus of awkward events through nostr-tools (tests/relays/crosscheck.mjs), the reference client library,
/// and compares serialization, ids and deterministic signatures byte for byte.
/// </summary>
public sealed class NostrToolsCrossCheckTests(NostrToolsCrossCheckTests.Fixture fixture) : IClassFixture<NostrToolsCrossCheckTests.Fixture>
{
    public sealed record CorpusEvent(string Name, UnsignedEvent Draft, byte[] Secret, byte[] Aux);

    public sealed record TheirEvent(string Serialized, string Id, bool? Verified);

    public sealed record TheirSignature(string PubKey, string Id, string Sig, bool? Verified);

    public static IReadOnlyList<CorpusEvent> Corpus { get; } = BuildCorpus();

    private static byte[] Sha256(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static CorpusEvent[] BuildCorpus()
    {
        var controls = new string(Enumerable.Range(0, 0x20).Select(c => (char)c).ToArray()) + "\u007f";
        var nip11 = """{"name":"Relay é 😀","description":"line1\nline2 \"quoted\" \\ back","supported_nips":[1,11,42],"limitation":{"auth_required":false}}""";
        var longContent = string.Concat(Enumerable.Range(0, 4000).Select(i => $"{i}:é😀\"\\\n\u0001\u2028 "));
        IReadOnlyList<IReadOnlyList<string>> discovery =
        [
            ["d", "wss://relay.example.com/"], ["rtt-open", "123"], ["rtt-read", "45"], ["rtt-write", "67"], ["n", "clearnet"],
            ["T", "PublicOutbox"], ["N", "1"], ["N", "11"], ["N", "42"], ["R", "!auth"], ["R", "!payment"], ["t", "bitcoin"],
            ["k", "1"], ["g", "u0yj"], ["L", "ISO-639-1"], ["l", "en", "ISO-639-1"],
        ];

        (string Name, long CreatedAt, int Kind, IReadOnlyList<IReadOnlyList<string>> Tags, string Content)[] drafts =
        [
            ("plain", 1700000000, 1, [], "hello nostr"),
            ("quotes and backslashes", 1700000000, 1, [["t", "\"q\""]], "he said \"hi\" \\ C:\\path\\ \\\\ \\\" \\n (literal)"),
            ("every control character", 1700000000, 1, [["c", controls]], controls),
            ("each control character between text", 1700000000, 1, [], string.Join("x", controls.ToCharArray())),
            ("emoji surrogate pairs", 1700000000, 1, [["emoji", "😀"]], "😀👍🏽🇩🇪👨‍👩‍👧 𝄞 \U0010FFFF"),
            ("line and paragraph separators", 1700000000, 1, [["x", "\u2028"]], "a\u2028b\u2029c"),
            ("lone high surrogate", 1700000000, 1, [], "a\ud800b"),
            ("lone low surrogate", 1700000000, 1, [["s", "\udc00"]], "\udc00"),
            ("reversed surrogates", 1700000000, 1, [], "\ude00\ud83d"),
            ("trailing high surrogate", 1700000000, 1, [], "end\ud83d"),
            ("non-ascii", 1700000000, 1, [["t", "Grüße"]], "Grüße, 日本語, Ελληνικά, עברית, العربية, \u00a0nbsp, \ufeffbom, é vs e\u0301"),
            ("slashes and html", 1700000000, 1, [["r", "https://example.com/a/b?x=<y>&z='w'"]], "</script><b>&amp;</b> / \\/"),
            ("empty tags list", 1700000000, 1, [], string.Empty),
            ("empty tag", 1700000000, 1, [[]], string.Empty),
            ("tags with empty strings", 1700000000, 1, [[""], ["", ""], ["e", ""], ["", "x", ""]], "x"),
            ("many tags", 1700000000, 1, Enumerable.Range(0, 300).Select(i => (IReadOnlyList<string>)["t", $"tag{i}"]).ToArray(), "many"),
            ("long content", 1700000000, 1, [], longContent),
            ("kind 0 profile", 1700000000, 0, [], """{"name":"nip66 monitor","about":"checks relays","picture":"https://example.com/a.png"}"""),
            ("kind 10166 announcement", 1700000000, 10166, [["frequency", "3600"], ["timeout", "open", "5000"], ["timeout", "read", "3000"], ["c", "open"], ["c", "read"], ["c", "nip11"], ["g", "u0yj"]], string.Empty),
            ("kind 30166 discovery", 1700000000, 30166, discovery, nip11),
            ("kind 22242 auth", 1700000000, 22242, [["relay", "wss://relay.example.com/"], ["challenge", "c2f1-\"x\"-é"]], string.Empty),
            ("kind 65535", 1700000000, 65535, [], "max kind"),
            ("created_at 0", 0, 1, [], "epoch"),
            ("created_at 2100", 4102444800, 1, [], "future"),
            ("created_at max safe integer", 9007199254740991, 1, [], "large"),
        ];

        return drafts.Select((d, i) => new CorpusEvent(
                d.Name,
                new UnsignedEvent(d.CreatedAt, d.Kind, d.Tags, d.Content),
                Sha256($"nip66-crosscheck-key-{i % 5}"),
                i % 7 == 0 ? new byte[32] : Sha256($"nip66-crosscheck-aux-{i}")))
            .ToArray();
    }

    private static NostrEvent Sign(CorpusEvent c) => c.Draft.Sign(NostrKeys.FromSecret(c.Secret), c.Aux);

    private static NostrEvent Tamper(NostrEvent e) => e with { Content = e.Content + " " };

    /// <summary>Written with our own JSON writer: lone surrogates must reach Node as <c>\udxxx</c> escapes.</summary>
    private static string Request()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        void Raw(string text) => NostrJson.WriteRaw(buffer, Encoding.UTF8.GetBytes(text));
        void Fields(long createdAt, int kind, IReadOnlyList<IReadOnlyList<string>> tags, string content)
        {
            Raw("\"created_at\":");
            NostrJson.WriteInteger(buffer, createdAt);
            Raw(",\"kind\":");
            NostrJson.WriteInteger(buffer, kind);
            Raw(",\"tags\":");
            NostrJson.WriteTags(buffer, tags);
            Raw(",\"content\":");
            NostrJson.WriteString(buffer, content);
        }

        void Event(NostrEvent e, bool withSignature)
        {
            Raw("{\"pubkey\":");
            NostrJson.WriteString(buffer, e.PubKey);
            Raw(",");
            Fields(e.CreatedAt, e.Kind, e.Tags, e.Content);
            if (withSignature)
            {
                Raw(",\"id\":");
                NostrJson.WriteString(buffer, e.Id);
                Raw(",\"sig\":");
                NostrJson.WriteString(buffer, e.Sig);
            }

            Raw("}");
        }

        // events: each case unsigned, then signed by us, then signed and tampered.
        Raw("{\"events\":[");
        for (var i = 0; i < Corpus.Count; i++)
        {
            var signed = Sign(Corpus[i]);
            Raw(i > 0 ? "," : string.Empty);
            Event(signed, withSignature: false);
            Raw(",");
            Event(signed, withSignature: true);
            Raw(",");
            Event(Tamper(signed), withSignature: true);
        }

        Raw("],\"sign\":[");
        for (var i = 0; i < Corpus.Count; i++)
        {
            var c = Corpus[i];
            Raw(i > 0 ? ",{\"event\":{" : "{\"event\":{");
            Fields(c.Draft.CreatedAt, c.Draft.Kind, c.Draft.Tags, c.Draft.Content);
            Raw($"}},\"secretKey\":\"{Hex.Encode(c.Secret)}\",\"aux\":\"{Hex.Encode(c.Aux)}\"}}");
        }

        Raw("]}");
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        public IReadOnlyList<TheirEvent> Events { get; private set; } = [];

        public IReadOnlyList<TheirSignature> Signatures { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var output = await NodeScript.RunAsync("crosscheck.mjs", Request(), TimeSpan.FromSeconds(120));
            using var doc = JsonDocument.Parse(output);
            static bool? Verified(JsonElement e) =>
                e.TryGetProperty("verified", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

            Events = doc.RootElement.GetProperty("events").EnumerateArray()
                .Select(e => new TheirEvent(e.GetProperty("serialized").GetString()!, e.GetProperty("id").GetString()!, Verified(e)))
                .ToArray();
            Signatures = doc.RootElement.GetProperty("sign").EnumerateArray()
                .Select(e => new TheirSignature(e.GetProperty("pubkey").GetString()!, e.GetProperty("id").GetString()!, e.GetProperty("sig").GetString()!, Verified(e)))
                .ToArray();
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public void Nostr_tools_answered_for_every_case()
    {
        Assert.Equal(Corpus.Count * 3, fixture.Events.Count);
        Assert.Equal(Corpus.Count, fixture.Signatures.Count);
    }

    [Fact]
    public void Serialized_bytes_are_identical()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            var e = Sign(Corpus[i]);
            var ours = NostrJson.CanonicalToString(e.PubKey, e.CreatedAt, e.Kind, e.Tags, e.Content);

            Assert.Equal((Corpus[i].Name, ours), (Corpus[i].Name, fixture.Events[3 * i].Serialized));
            Assert.Equal((Corpus[i].Name, ours), (Corpus[i].Name, fixture.Events[(3 * i) + 1].Serialized));
        }
    }

    [Fact]
    public void Ids_are_identical()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            var e = Sign(Corpus[i]);

            Assert.Equal((Corpus[i].Name, e.Id), (Corpus[i].Name, fixture.Events[3 * i].Id));
            Assert.Equal((Corpus[i].Name, e.Id), (Corpus[i].Name, fixture.Signatures[i].Id));
        }
    }

    [Fact]
    public void Unsigned_events_are_not_verified()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            Assert.Equal((Corpus[i].Name, (bool?)null), (Corpus[i].Name, fixture.Events[3 * i].Verified));
        }
    }

    [Fact]
    public void Deterministic_signatures_are_identical()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            var e = Sign(Corpus[i]);
            var theirs = fixture.Signatures[i];

            Assert.Equal((Corpus[i].Name, e.PubKey), (Corpus[i].Name, theirs.PubKey));
            Assert.Equal((Corpus[i].Name, e.Sig), (Corpus[i].Name, theirs.Sig));
            Assert.Equal((Corpus[i].Name, (bool?)true), (Corpus[i].Name, theirs.Verified));
        }
    }

    [Fact]
    public void Events_we_sign_pass_their_verification()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            Assert.Equal((Corpus[i].Name, (bool?)true), (Corpus[i].Name, fixture.Events[(3 * i) + 1].Verified));
        }
    }

    [Fact]
    public void Tampered_events_fail_their_verification_and_ours()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            var tampered = Tamper(Sign(Corpus[i]));

            Assert.Equal((Corpus[i].Name, (bool?)false), (Corpus[i].Name, fixture.Events[(3 * i) + 2].Verified));
            Assert.Equal(EventValidity.IdMismatch, EventVerifier.Check(tampered));
        }
    }

    [Fact]
    public void Their_signatures_pass_our_verification()
    {
        for (var i = 0; i < Corpus.Count; i++)
        {
            var theirs = fixture.Signatures[i];
            var d = Corpus[i].Draft;
            var e = new NostrEvent(theirs.Id, theirs.PubKey, d.CreatedAt, d.Kind, d.Tags, d.Content, theirs.Sig);

            Assert.Equal((Corpus[i].Name, EventValidity.Valid), (Corpus[i].Name, EventVerifier.Check(e)));
        }
    }

    [Fact]
    public void The_corpus_covers_the_awkward_cases()
    {
        var text = string.Concat(Corpus.Select(c => c.Draft.Content + string.Concat(c.Draft.Tags.SelectMany(t => t))));

        Assert.All(Enumerable.Range(0, 0x20).Append(0x7f), c => Assert.Contains((char)c, text));
        Assert.Contains('\u2028', text);
        Assert.Contains('\u2029', text);
        Assert.Contains(Corpus, c => c.Draft.Content.Any(char.IsSurrogate) && !c.Draft.Content.Any(char.IsHighSurrogate));
        Assert.Contains(Corpus, c => c.Draft.Content.Length > 50_000);
        Assert.Equal([0, 1, 10166, 22242, 30166, 65535], Corpus.Select(c => c.Draft.Kind).Distinct().Order());
        Assert.Contains(Corpus, c => c.Draft.CreatedAt == 0);
        Assert.Contains(Corpus, c => c.Draft.CreatedAt > 4_000_000_000);
    }
}
