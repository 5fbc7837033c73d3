using System.Security.Cryptography;
using NBitcoin.Secp256k1;

namespace Nip66.Nostr;

/// <summary>A secret key held in the form its backend signs with.</summary>
internal interface ISchnorrSecret
{
    void WriteXOnlyPublicKey(Span<byte> output32);

    void WriteSecret(Span<byte> output32);

    void Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32, Span<byte> signature64);
}

/// <summary>One implementation of BIP-340 signing and verification.</summary>
internal interface ISchnorrBackend
{
    string Name { get; }

    /// <summary>Null when the bytes are not a valid secp256k1 scalar.</summary>
    ISchnorrSecret? CreateSecret(ReadOnlySpan<byte> secret32);

    /// <summary>Lengths are checked by the caller: 32-byte key and message, 64-byte signature.</summary>
    bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64);
}

/// <summary>
/// Picks the backend once per process: native libsecp256k1 when it loads (several times faster, see
/// docs/benchmarks.md), NBitcoin's pure C# otherwise. <c>NIP66_SIGNING=managed</c> forces the managed one.
/// </summary>
public static class SchnorrBackends
{
    internal static ISchnorrBackend Managed { get; } = new ManagedSchnorr();

    /// <summary>Null when libsecp256k1.so.1 is not installed.</summary>
    internal static ISchnorrBackend? Native { get; } = NativeSchnorr.TryCreate();

    internal static ISchnorrBackend Active { get; } =
        string.Equals(Environment.GetEnvironmentVariable("NIP66_SIGNING"), "managed", StringComparison.OrdinalIgnoreCase)
            ? Managed
            : Native ?? Managed;

    /// <summary>The name of the backend in use, for the startup log line.</summary>
    public static string ActiveName => Active.Name;
}

internal sealed class ManagedSchnorr : ISchnorrBackend
{
    public string Name => "managed (NBitcoin.Secp256k1)";

    public ISchnorrSecret? CreateSecret(ReadOnlySpan<byte> secret32) =>
        ECPrivKey.TryCreate(secret32, out var key) ? new Secret(key) : null;

    public bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64) =>
        ECXOnlyPubKey.TryCreate(xOnlyPubKey32, Context.Instance, out var pubKey) &&
        SecpSchnorrSignature.TryCreate(signature64, out var signature) &&
        pubKey.SigVerifyBIP340(signature, message32);

    private sealed class Secret(ECPrivKey key) : ISchnorrSecret
    {
        public void WriteXOnlyPublicKey(Span<byte> output32) => key.CreateXOnlyPubKey().WriteToSpan(output32);

        public void WriteSecret(Span<byte> output32) => key.WriteToSpan(output32);

        public void Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32, Span<byte> signature64) =>
            key.SignBIP340(message32, aux32.ToArray()).WriteToSpan(signature64);
    }
}

internal sealed class NativeSchnorr : ISchnorrBackend
{
    // Created and randomized once, never destroyed: libsecp256k1 allows concurrent signing and verification on a
    // context that nobody mutates, and the process owns it until exit.
    private readonly nint context;

    private NativeSchnorr(nint context) => this.context = context;

    public string Name => "native (libsecp256k1.so.1)";

    public static NativeSchnorr? TryCreate()
    {
        if (!Secp256k1Native.IsAvailable)
        {
            return null;
        }

        var context = Secp256k1Native.ContextCreate(Secp256k1Native.ContextNone);
        if (context == 0)
        {
            return null;
        }

        // Blinds the signing computations against side channels.
        Span<byte> seed = stackalloc byte[32];
        RandomNumberGenerator.Fill(seed);
        var randomized = Secp256k1Native.ContextRandomize(context, seed) == 1;
        seed.Clear();
        return randomized ? new NativeSchnorr(context) : null;
    }

    public ISchnorrSecret? CreateSecret(ReadOnlySpan<byte> secret32)
    {
        // Pinned so that the GC never leaves a copy of the key behind when it compacts the heap.
        var keypair = GC.AllocateArray<byte>(Secp256k1Native.KeypairLength, pinned: true);
        if (secret32.Length == 32 && Secp256k1Native.KeypairCreate(context, keypair, secret32) == 1)
        {
            return new Secret(context, keypair);
        }

        CryptographicOperations.ZeroMemory(keypair);
        return null;
    }

    public bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64)
    {
        Span<byte> pubKey = stackalloc byte[Secp256k1Native.XOnlyPubKeyLength];
        return Secp256k1Native.XOnlyPubKeyParse(context, pubKey, xOnlyPubKey32) == 1 &&
            Secp256k1Native.SchnorrVerify(context, signature64, message32, (nuint)message32.Length, pubKey) == 1;
    }

    private sealed class Secret(nint context, byte[] keypair) : ISchnorrSecret
    {
        ~Secret() => CryptographicOperations.ZeroMemory(keypair);

        public void WriteXOnlyPublicKey(Span<byte> output32)
        {
            Span<byte> pubKey = stackalloc byte[Secp256k1Native.XOnlyPubKeyLength];
            Check(Secp256k1Native.KeypairXOnlyPub(context, pubKey, 0, keypair));
            Check(Secp256k1Native.XOnlyPubKeySerialize(context, output32, pubKey));
        }

        public void WriteSecret(Span<byte> output32) => Check(Secp256k1Native.KeypairSecret(context, output32, keypair));

        public void Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32, Span<byte> signature64)
        {
            Check(Secp256k1Native.SchnorrSign32(context, signature64, message32, keypair, aux32));
        }

        private static void Check(int result)
        {
            if (result != 1)
            {
                throw new CryptographicException("libsecp256k1 refused the operation.");
            }
        }
    }
}
