namespace Nip66.Nostr;

/// <summary>NIP-19 bare keys: npub (public) and nsec (private).</summary>
public static class Nip19
{
    public static string EncodeNpub(string publicKeyHex) => Bech32.Encode("npub", Hex.Decode(publicKeyHex, 32, "public key"));

    public static string EncodeNsec(ReadOnlySpan<byte> secret32) => Bech32.Encode("nsec", secret32);

    public static string DecodeNpub(string npub) => Hex.Encode(DecodeKey(npub, "npub"));

    public static byte[] DecodeNsec(string nsec) => DecodeKey(nsec, "nsec");

    private static byte[] DecodeKey(string text, string expectedHrp)
    {
        var (hrp, data) = Bech32.Decode(text.Trim());
        if (hrp != expectedHrp)
        {
            throw new FormatException($"Expected an {expectedHrp} string, got '{hrp}'.");
        }

        if (data.Length != 32)
        {
            throw new FormatException($"An {expectedHrp} must hold 32 bytes, got {data.Length}.");
        }

        return data;
    }
}
