using System.Security.Cryptography;

namespace Nip66.Nostr;

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
