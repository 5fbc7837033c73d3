using NBitcoin.Secp256k1;

namespace Nip66.Nostr;

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
