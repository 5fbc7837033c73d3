namespace Nip66.Nostr;

/// <summary>BIP-340 verification on raw bytes: the one code path behind <see cref="EventVerifier"/>.</summary>
internal static class Schnorr
{
    /// <summary>
    /// True when the signature is valid for the 32-byte message under the x-only key; false for any key or signature
    /// that is malformed (wrong length, not on the curve, out of range). Nostr only signs 32-byte ids.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64) =>
        Verify(SchnorrBackends.Active, xOnlyPubKey32, message32, signature64);

    public static bool Verify(ISchnorrBackend backend, ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64)
    {
        if (message32.Length != 32)
        {
            throw new ArgumentException("BIP-340 messages must be 32 bytes here.", nameof(message32));
        }

        return xOnlyPubKey32.Length == 32 && signature64.Length == 64 && backend.Verify(xOnlyPubKey32, message32, signature64);
    }
}
