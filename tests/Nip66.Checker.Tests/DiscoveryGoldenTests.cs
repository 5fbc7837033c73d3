using System.Text.Json;
using MassTransit.Serialization;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Publisher;

namespace Nip66.Checker.Tests;

/// <summary>
/// NIP-11 is parsed once, by the checker: the publisher signs the 30166 from the typed document the check result
/// carries. For every real document of the corpus (Corpus/nip11), the 30166 made that way, after a trip through the
/// bus's serializer, is tag for tag and byte for byte of content the one the publisher made before, when it parsed
/// the document's JSON again (Corpus/discovery-30166.golden.jsonl, written by that version from the same inputs).
/// </summary>
public sealed class DiscoveryGoldenTests
{
    private const long CreatedAt = 1_760_000_002;

    private static readonly JsonSerializerOptions GoldenJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly Dictionary<(string File, string Variant), Golden> Goldens = File
        .ReadLines(Path.Combine(CorpusDirectory, "discovery-30166.golden.jsonl"))
        .Select(line => JsonSerializer.Deserialize<Golden>(line, GoldenJson)!)
        .ToDictionary(g => (g.File, g.Variant));

    public static TheoryData<string, string> Cases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var (file, variant) in Goldens.Keys)
            {
                cases.Add(file, variant);
            }

            return cases;
        }
    }

    [Fact]
    public void Every_corpus_document_has_its_golden_30166s()
    {
        var documents = Directory.GetFiles(Path.Combine(CorpusDirectory, "nip11"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(21, documents.Count());
        Assert.Equal(documents, Goldens.Keys.Select(k => k.File).Distinct().Order(StringComparer.Ordinal));
        Assert.All(Goldens.Keys.GroupBy(k => k.File), g => Assert.Equal(["auth-walled", "online"], g.Select(k => k.Variant).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_30166_from_the_typed_document_is_the_one_made_before_by_parsing_again(string file, string variant)
    {
        var document = Nip11Document.Parse(File.ReadAllBytes(Path.Combine(CorpusDirectory, "nip11", file)));
        var sent = new RelayChecked { CycleId = Guid.NewGuid(), Index = 0, Result = Result(document, variant == "online") };
        var received = JsonSerializer.Deserialize<RelayChecked>(JsonSerializer.Serialize(sent, SystemTextJsonMessageSerializer.Options), SystemTextJsonMessageSerializer.Options)!;

        var made = RelayDiscoveryCodec.ToEvent(DiscoveryEventFactory.Build(received.Result, CreatedAt));

        var golden = Goldens[(file, variant)];
        Assert.Equal(golden.Kind, made.Kind);
        Assert.Equal(golden.CreatedAt, made.CreatedAt);
        Assert.Equal(golden.Tags, made.Tags.Select(t => t.ToArray()));
        Assert.Equal(golden.Content, made.Content);
    }

    /// <summary>The inputs the golden file was written from: a relay up with open reads and writes, or one behind NIP-42.</summary>
    private static RelayCheckResult Result(Nip11Document document, bool online) => new()
    {
        Url = "wss://relay.example.com/",
        Network = RelayNetwork.Clearnet,
        Status = online ? RelayStatus.Online : RelayStatus.Degraded,
        RttOpenMs = 120,
        RttReadMs = online ? 80 : null,
        RttWriteMs = online ? 95 : null,
        Requirements = online ? new ObservedRequirements(false, null, null, null) : new ObservedRequirements(true, null, true, null),
        SpokeNostr = true,
        Nip11 = document,
        StartedAt = DateTimeOffset.FromUnixTimeSeconds(CreatedAt - 2),
        FinishedAt = DateTimeOffset.FromUnixTimeSeconds(CreatedAt),
    };

    private sealed record Golden(
        string File,
        string Variant,
        int Kind,
        long CreatedAt,
        string[][] Tags,
        string Content);
}
