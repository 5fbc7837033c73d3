using System.Security.Cryptography;

namespace Nip66.Nostr;

/// <summary>
/// The monitor's signing key. ToString never shows the secret so that a key cannot reach a log by accident.
/// </summary>
public sealed class NostrKeys
{
    private readonly ISchnorrSecret secret;

    private NostrKeys(ISchnorrSecret secret)
    {
        this.secret = secret;
        Span<byte> xOnly = stackalloc byte[32];
        secret.WriteXOnlyPublicKey(xOnly);
        PublicKeyHex = Hex.Encode(xOnly);
    }

    /// <summary>x-only public key, lower-case hex, as events carry it.</summary>
    public string PublicKeyHex { get; }

    public string Npub => Nip19.EncodeNpub(PublicKeyHex);

    public static NostrKeys Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var secret = SchnorrBackends.Active.CreateSecret(bytes);
            if (secret is not null)
            {
                bytes.Clear();
                return new NostrKeys(secret);
            }
        }
    }

    public static NostrKeys FromSecret(ReadOnlySpan<byte> secret32) => FromSecret(secret32, SchnorrBackends.Active);

    /// <summary>Tests compare the backends on the same key.</summary>
    internal static NostrKeys FromSecret(ReadOnlySpan<byte> secret32, ISchnorrBackend backend)
    {
        var secret = secret32.Length == 32 ? backend.CreateSecret(secret32) : null;
        return secret is null
            ? throw new FormatException("A private key must be 32 bytes and a valid secp256k1 scalar.")
            : new NostrKeys(secret);
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
        Span<byte> bytes = stackalloc byte[32];
        secret.WriteSecret(bytes);
        var nsec = Nip19.EncodeNsec(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return nsec;
    }

    /// <summary>BIP-340 signature of a 32-byte message; random auxiliary data unless given (tests fix it).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message32, ReadOnlySpan<byte> aux32 = default)
    {
        if (message32.Length != 32)
        {
            throw new ArgumentException("BIP-340 messages must be 32 bytes here.", nameof(message32));
        }

        Span<byte> aux = stackalloc byte[32];
        if (aux32.IsEmpty)
        {
            RandomNumberGenerator.Fill(aux);
        }
        else if (aux32.Length == 32)
        {
            aux32.CopyTo(aux);
        }
        else
        {
            throw new ArgumentException("BIP-340 auxiliary randomness must be 32 bytes.", nameof(aux32));
        }

        var result = new byte[64];
        secret.Sign(message32, aux, result);
        return result;
    }

    public override string ToString() => $"NostrKeys({Npub})";
}
