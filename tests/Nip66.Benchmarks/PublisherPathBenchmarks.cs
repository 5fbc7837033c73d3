using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;
using Nip66.Publisher;

namespace Nip66.Benchmarks;

/// <summary>
/// What happens to one check result after the checker, per step, for real NIP-11 documents (the corpus): the 30166
/// made from the typed document, the whole publisher step (made, signed, serialized, framed for one publish relay),
/// the EVENT frame the deliverer writes from the serialized event, and the NIP-11 text persistence stores.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PublisherPathBenchmarks
{
    private const long CreatedAt = 1_767_225_600;

    private NostrKeys keys = null!;
    private RelayCheckResult result = null!;
    private string eventJson = null!;

    [Params("relay.damus.io-strfry.json", "nostr-rs-relay-default.json", "nostr.land-nfdb.json", "jellyfish.land.json")]
    public string Document { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        keys = NostrKeys.FromSecret(SHA256.HashData("nip66-benchmark"u8));
        result = new RelayCheckResult
        {
            Url = "wss://relay.example.com/",
            Network = RelayNetwork.Clearnet,
            Status = RelayStatus.Online,
            RttOpenMs = 142,
            RttReadMs = 87,
            RttWriteMs = 95,
            Requirements = new ObservedRequirements(false, null, null, null),
            SpokeNostr = true,
            Nip11 = Nip11Document.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Corpus", Document))),
            StartedAt = DateTimeOffset.FromUnixTimeSeconds(CreatedAt - 2),
            FinishedAt = DateTimeOffset.FromUnixTimeSeconds(CreatedAt),
        };
        eventJson = DiscoveryEventFactory.Sign(result, CreatedAt, keys).ToJson();
    }

    [Benchmark]
    public UnsignedEvent Make30166() => RelayDiscoveryCodec.ToEvent(DiscoveryEventFactory.Build(result, CreatedAt));

    [Benchmark]
    public byte[] SignSerializeAndFrame() => ClientMessages.Event(DiscoveryEventFactory.Sign(result, CreatedAt, keys).ToJson());

    [Benchmark]
    public byte[] DeliveryFrame() => ClientMessages.Event(eventJson);

    [Benchmark]
    public string? StoredNip11() => SafeText.Clean(result.Nip11!.Json);
}
