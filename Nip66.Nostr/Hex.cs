namespace Nip66.Nostr;

/// <summary>Lower-case hex as NIP-01 requires; parsing refuses upper case so that ids compare as strings.</summary>
public static class Hex
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static bool IsLowerHex(string? value, int byteLength)
    {
        if (value is null || value.Length != byteLength * 2)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    public static byte[] Decode(string value, int byteLength, string what)
    {
        if (value.Length != byteLength * 2)
        {
            throw new FormatException($"{what} must be {byteLength * 2} hex characters, got {value.Length}.");
        }

        try
        {
            return Convert.FromHexString(value);
        }
        catch (FormatException)
        {
            throw new FormatException($"{what} is not hexadecimal.");
        }
    }
}
