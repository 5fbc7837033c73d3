namespace Nip66.Nostr;

/// <summary>A secret key held in the form its backend signs with.</summary>
internal interface ISchnorrSecret
{
    void WriteXOnlyPublicKey(Span<byte> output32);

    void WriteSecret(Span<byte> output32);

    void Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32, Span<byte> signature64);
}
