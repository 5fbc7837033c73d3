using System.Buffers;
using BenchmarkDotNet.Attributes;
using Nip66.Nostr;

namespace Nip66.Benchmarks;

/// <summary>The per-relay cost of publishing a kind 30166: canonical JSON + id, BIP-340 signing, and verification.</summary>
[MemoryDiagnoser]
public class EventBenchmarks
{
    private static readonly byte[] Aux = new byte[32];

    private NostrKeys keys = null!;
    private UnsignedEvent draft = null!;
    private NostrEvent signed = null!;
    private ArrayBufferWriter<byte> buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        keys = NostrKeys.FromSecret(System.Security.Cryptography.SHA256.HashData("nip66-benchmark"u8));
        var nip11 = Nip11Document.Parse(
            """
            {"name":"relay.example.com",
            "description":"A general purpose relay for the benchmark. It accepts notes, reactions, profiles and long-form content from anyone, keeps them for a year and asks for nothing in return. Operated by volunteers; see the contact address for abuse reports. Für alle offen, 日本語も歓迎 😀.",
            "pubkey":"a48380f4cfcc1ad5378294fcac36439770f9c878dd880ffa94bb74ea54a6f243",
            "contact":"mailto:ops@relay.example.com","supported_nips":[1,2,4,9,11,12,15,16,20,22,28,33,40,42,45,50,65,70,77],
            "software":"git+https://github.com/example/relay.git","version":"1.4.2",
            "limitation":{"max_message_length":524288,"max_subscriptions":50,"max_filters":10,"max_limit":5000,"max_subid_length":100,
            "max_event_tags":2000,"max_content_length":102400,"min_pow_difficulty":0,"auth_required":false,"payment_required":false,
            "restricted_writes":false,"created_at_lower_limit":94608000,"created_at_upper_limit":900},
            "relay_countries":["DE","US"],"language_tags":["en","de","ja"],"tags":["sfw-only","bitcoin"],
            "posting_policy":"https://relay.example.com/policy","icon":"https://relay.example.com/icon.png"}
            """u8);
        draft = new UnsignedEvent(
            1767225600,
            30166,
            [
                ["d", "wss://relay.example.com/"], ["rtt-open", "142"], ["rtt-read", "87"], ["rtt-write", "95"],
                ["n", "clearnet"], ["T", "PublicOutbox"], ["N", "1"], ["N", "11"], ["N", "42"], ["N", "65"],
                ["R", "!auth"], ["R", "!payment"], ["R", "writes"], ["t", "bitcoin"], ["g", "u0yjjd"],
            ],
            nip11.Json);
        signed = draft.Sign(keys, Aux);
        buffer = new ArrayBufferWriter<byte>(4096);
    }

    [Benchmark]
    public int Serialize()
    {
        buffer.ResetWrittenCount();
        NostrJson.WriteCanonical(buffer, keys.PublicKeyHex, draft.CreatedAt, draft.Kind, draft.Tags, draft.Content);
        return buffer.WrittenCount;
    }

    [Benchmark]
    public byte[] SerializeAndId() => EventBuilder.ComputeId(keys.PublicKeyHex, draft.CreatedAt, draft.Kind, draft.Tags, draft.Content);

    [Benchmark]
    public NostrEvent Sign() => draft.Sign(keys, Aux);

    [Benchmark]
    public EventValidity Verify() => EventVerifier.Check(signed);
}
