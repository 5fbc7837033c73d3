using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Nip66.Nostr;

namespace Nip66.Benchmarks;

/// <summary>Raw BIP-340 sign and verify of a 32-byte id: NBitcoin's managed code against libsecp256k1 through P/Invoke.</summary>
[MemoryDiagnoser]
public class SigningBackendBenchmarks
{
    private static readonly byte[] Aux = new byte[32];
    private static readonly byte[] Message = SHA256.HashData("nip66-benchmark-id"u8);

    private NostrKeys keys = null!;
    private ISchnorrBackend backend = null!;
    private byte[] pubKey = null!;
    private byte[] signature = null!;

    [Params("managed", "native")]
    public string Backend { get; set; } = "managed";

    [GlobalSetup]
    public void Setup()
    {
        backend = Backend == "native"
            ? SchnorrBackends.Native ?? throw new InvalidOperationException("libsecp256k1.so.1 is not installed")
            : SchnorrBackends.Managed;
        keys = NostrKeys.FromSecret(SHA256.HashData("nip66-benchmark"u8), backend);
        pubKey = Convert.FromHexString(keys.PublicKeyHex);
        signature = keys.Sign(Message, Aux);
    }

    [Benchmark]
    public byte[] Sign() => keys.Sign(Message, Aux);

    [Benchmark]
    public bool Verify() => Schnorr.Verify(backend, pubKey, Message, signature);
}
