using System.Security.Cryptography;
using NBitcoin.Secp256k1;

namespace Nip66.Nostr;

/// <summary>
/// The monitor's signing key. ToString never shows the secret so that a key cannot reach a log by accident.
/// </summary>
public sealed class NostrKeys
{
    private readonly ECPrivKey privateKey;

    private NostrKeys(ECPrivKey privateKey)
    {
        this.privateKey = privateKey;
        Span<byte> xOnly = stackalloc byte[32];
        privateKey.CreateXOnlyPubKey().WriteToSpan(xOnly);
        PublicKeyHex = Hex.Encode(xOnly);
    }

    /// <summary>x-only public key, lower-case hex, as events carry it.</summary>
    public string PublicKeyHex { get; }

    public string Npub => Nip19.EncodeNpub(PublicKeyHex);

    public static NostrKeys Generate()
    {
        Span<byte> secret = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(secret);
            if (ECPrivKey.TryCreate(secret, out var key))
            {
                secret.Clear();
                return new NostrKeys(key);
            }
        }
    }

    public static NostrKeys FromSecret(ReadOnlySpan<byte> secret32)
    {
        if (secret32.Length != 32 || !ECPrivKey.TryCreate(secret32, out var key))
        {
            throw new FormatException("A private key must be 32 bytes and a valid secp256k1 scalar.");
        }

        return new NostrKeys(key);
    }

    /// <summary>Accepts a 64-character hex key or an <c>nsec1</c> string; the error never echoes the input.</summary>
    public static NostrKeys Parse(string text)
    {
        text = text.Trim();
        if (text.StartsWith("nsec1", StringComparison.OrdinalIgnoreCase))
        {
            return FromSecret(Nip19.DecodeNsec(text));
        }

        if (text.Length == 64)
        {
            return FromSecret(Hex.Decode(text, 32, "private key"));
        }

        throw new FormatException("A private key must be 64 hex characters or an nsec1 string.");
    }

    public string ToNsec()
    {
        Span<byte> secret = stackalloc byte[32];
        privateKey.WriteToSpan(secret);
        var nsec = Nip19.EncodeNsec(secret);
        secret.Clear();
        return nsec;
    }

    /// <summary>BIP-340 signature of a 32-byte message; random auxiliary data unless given (tests fix it).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32 = default)
    {
        var aux = aux32.IsEmpty ? RandomNumberGenerator.GetBytes(32) : aux32.ToArray();
        var signature = privateKey.SignBIP340(message32, aux);
        var result = new byte[64];
        signature.WriteToSpan(result);
        return result;
    }

    public override string ToString() => $"NostrKeys({Npub})";
}
