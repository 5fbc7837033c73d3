using System.Text;

namespace Nip66.Nostr;

/// <summary>BIP-173 bech32 (not bech32m), as NIP-19 uses it for npub/nsec.</summary>
public static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var values = ConvertBits(data, 8, 5, pad: true);
        var checksum = CreateChecksum(hrp, values);
        var sb = new StringBuilder(hrp.Length + 1 + values.Count + 6);
        sb.Append(hrp).Append('1');
        foreach (var v in values.Concat(checksum))
        {
            sb.Append(Charset[v]);
        }

        return sb.ToString();
    }

    public static (string Hrp, byte[] Data) Decode(string text)
    {
        if (text.Length > 1000)
        {
            throw new FormatException("bech32 string is too long.");
        }

        if (text.Any(char.IsUpper) && text.Any(char.IsLower))
        {
            throw new FormatException("bech32 string mixes upper and lower case.");
        }

        text = text.ToLowerInvariant();
        var separator = text.LastIndexOf('1');
        if (separator < 1 || separator + 7 > text.Length)
        {
            throw new FormatException("bech32 string has no valid separator.");
        }

        var hrp = text[..separator];
        if (hrp.Any(c => c is < '!' or > '~'))
        {
            throw new FormatException("bech32 prefix has a character out of range.");
        }

        var values = new List<byte>(text.Length - separator - 1);
        foreach (var c in text[(separator + 1)..])
        {
            var index = Charset.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new FormatException($"bech32 string has an invalid character '{c}'.");
            }

            values.Add((byte)index);
        }

        if (Polymod(ExpandHrp(hrp).Concat(values)) != 1)
        {
            throw new FormatException("bech32 checksum does not match.");
        }

        var payload = values.Take(values.Count - 6).ToArray();
        return (hrp, ConvertBits(payload, 5, 8, pad: false).ToArray());
    }

    private static List<byte> ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        var maxValue = (1 << toBits) - 1;
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
            {
                throw new FormatException("bech32 data value out of range.");
            }

            acc = (acc << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (toBits - bits)) & maxValue));
            }
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0)
        {
            throw new FormatException("bech32 data has invalid padding.");
        }

        return result;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static byte[] CreateChecksum(string hrp, List<byte> values)
    {
        var polymod = Polymod(ExpandHrp(hrp).Concat(values).Concat(new byte[6])) ^ 1;
        var checksum = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        }

        return checksum;
    }

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint chk = 1;
        foreach (var value in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    chk ^= Generator[i];
                }
            }
        }

        return chk;
    }
}
