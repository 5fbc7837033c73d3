using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>
/// Text from a relay made fit to store, publish and show, once, where it enters the Nostr layer. PostgreSQL refuses
/// NUL in <c>text</c> and <c>\u0000</c> in <c>jsonb</c>; Npgsql and every strict UTF-8 encoder refuse an unpaired
/// surrogate (JSON may spell one, <c>"\ud800"</c>, and JavaScript relays send them). Both become U+FFFD, and so do
/// the other control characters (C0 except tab, line feed and carriage return, and C1, whose U+009B is a terminal's
/// CSI): they have no place in a name or a reason and would drive the terminal that prints a report. DEL stays: it
/// drives nothing. Cuts keep whole code points.
/// </summary>
public static class SafeText
{
    public const char Replacement = '\uFFFD';

    /// <summary>The text with every character PostgreSQL or strict UTF-8 refuses replaced; the same instance when clean.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (chars, state) =>
        {
            var (source, start) = state;
            source.AsSpan().CopyTo(chars);
            for (var i = start; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                }
                else if (IsUnsafe(chars[i]))
                {
                    chars[i] = Replacement;
                }
            }
        });
    }

    /// <summary>
    /// <see cref="Clean(string?)"/>, then at most <paramref name="maxLength"/> UTF-16 units, cut before a surrogate
    /// pair rather than through it.
    /// </summary>
    public static string Clean(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var clean = Clean(text) ?? string.Empty;
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var end = maxLength > 0 && char.IsHighSurrogate(clean[maxLength - 1]) ? maxLength - 1 : maxLength;
        return clean[..end];
    }

    /// <summary>True when <see cref="Clean(string?)"/> would change nothing.</summary>
    public static bool IsClean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FirstUnsafe(text) < 0;
    }

    /// <summary>
    /// A JSON string value, made safe. Never throws on what a relay can spell: unpaired <c>\uD800</c> escapes and
    /// invalid UTF-8 (which System.Text.Json's own reader refuses only when the value is read) become U+FFFD.
    /// </summary>
    public static string Read(JsonElement value) => Clean(Decode(value));

    /// <summary>A property name, made safe like <see cref="Read(JsonElement)"/>.</summary>
    public static string Read(JsonProperty property) => Clean(Decode(JsonMarshal.GetRawUtf8PropertyName(property), quoted: false));

    /// <summary>
    /// The value of the property <paramref name="name"/> (the last one, as JSON.parse keeps it), comparing names as
    /// <see cref="Read(JsonProperty)"/> reads them: <c>JsonElement.TryGetProperty</c> throws when any name of the
    /// object spells an unpaired surrogate.
    /// </summary>
    public static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        var found = false;
        foreach (var property in obj.EnumerateObject())
        {
            if (Read(property) == name)
            {
                value = property.Value;
                found = true;
            }
        }

        return found;
    }

    /// <summary>
    /// A JSON string value exactly as sent, unpaired surrogates kept: for the fields of a signed event, whose id is the
    /// hash of what its author wrote (<see cref="NostrJson"/> writes them back the same way). Invalid UTF-8 still
    /// becomes U+FFFD, as a JavaScript client reads it.
    /// </summary>
    public static string Exact(JsonElement value) => Decode(value);

    /// <summary>
    /// The value minified, with every string and property name made safe: no <c>\u0000</c> or unpaired surrogate
    /// escape survives into what is stored or published. Strings are written as JSON.stringify writes them
    /// (<see cref="NostrJson.WriteString"/>): non-ASCII as UTF-8, not escaped.
    /// </summary>
    public static string Json(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Stored JSON made safe (<see cref="Json(JsonElement)"/>), for rows written by an older version; the same
    /// instance when it holds no escape and no unsafe character, null when it is not JSON at all.
    /// </summary>
    public static string? Json(string? json)
    {
        if (json is null || (!json.Contains('\\', StringComparison.Ordinal) && IsClean(json)))
        {
            return json;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(Clean(json)), new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            return Json(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                NostrJson.WriteRaw(output, "{"u8);
                var first = true;
                foreach (var property in value.EnumerateObject())
                {
                    NostrJson.WriteRaw(output, first ? ""u8 : ","u8);
                    NostrJson.WriteString(output, Read(property));
                    NostrJson.WriteRaw(output, ":"u8);
                    Write(output, property.Value);
                    first = false;
                }

                NostrJson.WriteRaw(output, "}"u8);
                break;
            case JsonValueKind.Array:
                NostrJson.WriteRaw(output, "["u8);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    NostrJson.WriteRaw(output, index++ == 0 ? ""u8 : ","u8);
                    Write(output, item);
                }

                NostrJson.WriteRaw(output, "]"u8);
                break;
            case JsonValueKind.String:
                NostrJson.WriteString(output, Read(value));
                break;
            default:
                // Numbers keep their spelling; true, false and null are what they are.
                NostrJson.WriteRaw(output, JsonMarshal.GetRawUtf8Value(value));
                break;
        }
    }

    private static string Decode(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"expected a JSON string, got {value.ValueKind}");
        }

        return Decode(JsonMarshal.GetRawUtf8Value(value), quoted: true);
    }

    /// <summary>
    /// Unescapes a JSON string token that the reader has already delimited (so every backslash starts a complete
    /// escape). Our own decoder because System.Text.Json throws on an unpaired surrogate escape.
    /// </summary>
    private static string Decode(ReadOnlySpan<byte> raw, bool quoted)
    {
        if (quoted && raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"')
        {
            raw = raw[1..^1];
        }

        var escape = raw.IndexOf((byte)'\\');
        if (escape < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var text = new StringBuilder(raw.Length);
        while (escape >= 0)
        {
            text.Append(Encoding.UTF8.GetString(raw[..escape]));
            var length = 2;
            switch (raw[escape + 1])
            {
                case (byte)'b': text.Append('\b'); break;
                case (byte)'f': text.Append('\f'); break;
                case (byte)'n': text.Append('\n'); break;
                case (byte)'r': text.Append('\r'); break;
                case (byte)'t': text.Append('\t'); break;
                case (byte)'u':
                    text.Append((char)ushort.Parse(raw.Slice(escape + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    length = 6;
                    break;
                default: text.Append((char)raw[escape + 1]); break;
            }

            raw = raw[(escape + length)..];
            escape = raw.IndexOf((byte)'\\');
        }

        return text.Append(Encoding.UTF8.GetString(raw)).ToString();
    }

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A C0 control other than tab, LF and CR, a C1 control, or a surrogate (callers skip the paired ones).</summary>
    private static bool IsUnsafe(char c) => (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is >= '\u0080' and <= '\u009f' || char.IsSurrogate(c);
}
