namespace Nip66.Nostr;

/// <summary>One implementation of BIP-340 signing and verification.</summary>
internal interface ISchnorrBackend
{
    string Name { get; }

    /// <summary>Null when the bytes are not a valid secp256k1 scalar.</summary>
    ISchnorrSecret? CreateSecret(ReadOnlySpan<byte> secret32);

    /// <summary>Lengths are checked by the caller: 32-byte key and message, 64-byte signature.</summary>
    bool Verify(ReadOnlySpan<byte> xOnlyPubKey32, ReadOnlySpan<byte> message32, ReadOnlySpan<byte> signature64);
}
