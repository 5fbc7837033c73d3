using System.Buffers;
using System.Globalization;
using System.Text;

namespace Nip66.Nostr;

/// <summary>
/// Hand-written JSON output for Nostr. NIP-01 fixes the escaping of the id preimage byte for byte
/// (the same as JavaScript's JSON.stringify), which System.Text.Json cannot be configured to produce.
/// </summary>
public static class NostrJson
{
    private static readonly byte[] HexDigits = "0123456789abcdef"u8.ToArray();

    /// <summary>The id preimage: <c>[0,pubkey,created_at,kind,tags,content]</c> as UTF-8 without whitespace.</summary>
    public static void WriteCanonical(IBufferWriter<byte> output, string pubKey, long createdAt, int kind,
        IReadOnlyList<IReadOnlyList<string>> tags, string content)
    {
        WriteRaw(output, "[0,"u8);
        WriteString(output, pubKey);
        WriteRaw(output, ","u8);
        WriteInteger(output, createdAt);
        WriteRaw(output, ","u8);
        WriteInteger(output, kind);
        WriteRaw(output, ","u8);
        WriteTags(output, tags);
        WriteRaw(output, ","u8);
        WriteString(output, content);
        WriteRaw(output, "]"u8);
    }

    public static void WriteEvent(IBufferWriter<byte> output, NostrEvent e)
    {
        WriteRaw(output, "{\"id\":"u8);
        WriteString(output, e.Id);
        WriteRaw(output, ",\"pubkey\":"u8);
        WriteString(output, e.PubKey);
        WriteRaw(output, ",\"created_at\":"u8);
        WriteInteger(output, e.CreatedAt);
        WriteRaw(output, ",\"kind\":"u8);
        WriteInteger(output, e.Kind);
        WriteRaw(output, ",\"tags\":"u8);
        WriteTags(output, e.Tags);
        WriteRaw(output, ",\"content\":"u8);
        WriteString(output, e.Content);
        WriteRaw(output, ",\"sig\":"u8);
        WriteString(output, e.Sig);
        WriteRaw(output, "}"u8);
    }

    public static string EventToString(NostrEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteEvent(buffer, e);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string CanonicalToString(string pubKey, long createdAt, int kind,
        IReadOnlyList<IReadOnlyList<string>> tags, string content)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteCanonical(buffer, pubKey, createdAt, kind, tags, content);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteTags(IBufferWriter<byte> output, IReadOnlyList<IReadOnlyList<string>> tags) =>
        WriteArray(output, tags, WriteStringArray);

    public static void WriteStringArray(IBufferWriter<byte> output, IReadOnlyList<string> values) =>
        WriteArray(output, values, WriteString);

    private static void WriteArray<T>(IBufferWriter<byte> output, IReadOnlyList<T> items, Action<IBufferWriter<byte>, T> writeItem)
    {
        WriteRaw(output, "["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                WriteRaw(output, ","u8);
            }

            writeItem(output, items[i]);
        }

        WriteRaw(output, "]"u8);
    }

    public static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    /// <summary>
    /// A JSON string as JSON.stringify writes it: the seven short escapes, other C0 controls and lone surrogates
    /// as lower-case <c>\uXXXX</c>, everything else raw UTF-8 (no <c>\/</c>, no escaped non-ASCII).
    /// </summary>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        WriteRaw(output, "\""u8);
        var span = value.AsSpan();
        var runStart = 0;
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c >= 0x20 && c != '"' && c != '\\' && !char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }

            WriteUtf8(output, span[runStart..i]);
            WriteEscape(output, c);
            runStart = i + 1;
        }

        WriteUtf8(output, span[runStart..]);
        WriteRaw(output, "\""u8);
    }

    private static void WriteEscape(IBufferWriter<byte> output, char c)
    {
        switch (c)
        {
            case '"': WriteRaw(output, "\\\""u8); break;
            case '\\': WriteRaw(output, "\\\\"u8); break;
            case '\n': WriteRaw(output, "\\n"u8); break;
            case '\r': WriteRaw(output, "\\r"u8); break;
            case '\t': WriteRaw(output, "\\t"u8); break;
            case '\b': WriteRaw(output, "\\b"u8); break;
            case '\f': WriteRaw(output, "\\f"u8); break;
            default:
                var span = output.GetSpan(6);
                span[0] = (byte)'\\';
                span[1] = (byte)'u';
                span[2] = HexDigits[(c >> 12) & 0xf];
                span[3] = HexDigits[(c >> 8) & 0xf];
                span[4] = HexDigits[(c >> 4) & 0xf];
                span[5] = HexDigits[c & 0xf];
                output.Advance(6);
                break;
        }
    }

    private static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chars.Length));
        output.Advance(Encoding.UTF8.GetBytes(chars, span));
    }
}
