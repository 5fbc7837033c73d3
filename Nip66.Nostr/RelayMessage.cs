using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>Messages a relay sends (NIP-01, NIP-42, NIP-45).</summary>
public abstract record RelayMessage
{
    /// <summary>
    /// Parses one relay frame. Throws <see cref="RelayProtocolException"/> for anything that is not a NIP-01 message,
    /// including an event whose fields are malformed (its signature is checked by the caller, not here). Every string
    /// it returns is <see cref="SafeText"/>, except the signed fields of an event, kept exact so that it can be verified.
    /// </summary>
    public static RelayMessage Parse(ReadOnlySpan<byte> utf8)
    {
        // A text frame must be UTF-8 (RFC 6455, which browsers enforce by closing the connection); System.Text.Json
        // would find out only when a string is read, and SafeText would repair it.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new RelayProtocolException("relay sent a frame that is not valid UTF-8");
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            using var doc = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new FormatException("a relay frame must hold a single JSON value");
            }

            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new RelayProtocolException($"relay sent invalid JSON: {e.Message}");
        }
        catch (FormatException e)
        {
            throw new RelayProtocolException($"relay sent a malformed message: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new RelayProtocolException($"relay sent a malformed message: {e.Message}");
        }
    }

    private static RelayMessage Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 2 ||
            root[0].ValueKind != JsonValueKind.String)
        {
            throw new FormatException("a relay message must be a JSON array starting with its type");
        }

        var length = root.GetArrayLength();
        return SafeText.Read(root[0]) switch
        {
            "EVENT" when length >= 3 => new EventMessage(Text(root[1]), EventParser.Parse(root[2])),
            "OK" when length >= 3 => new OkMessage(Text(root[1]), root[2].GetBoolean(), Reason(root, 3)),
            "EOSE" => new EoseMessage(Text(root[1])),
            "CLOSED" => new ClosedMessage(Text(root[1]), Reason(root, 2)),
            "NOTICE" => new NoticeMessage(Text(root[1])),
            "AUTH" => new AuthMessage(Text(root[1])),
            "COUNT" when length >= 3 => new CountMessage(Text(root[1]), root[2].ValueKind == JsonValueKind.Object && SafeText.TryGetProperty(root[2], "count", out var count)
                ? count.GetInt64()
                : throw new FormatException("COUNT message has no count")),
            var type => throw new FormatException($"unknown or short relay message '{Truncate(type)}'"),
        };
    }

    /// <summary>A required string element, made safe.</summary>
    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? SafeText.Read(value) : throw new FormatException($"expected a string, got {value.ValueKind}");

    /// <summary>The optional reason of an OK or CLOSED: absent or null is none, anything but a string is malformed.</summary>
    private static RelayReason Reason(JsonElement root, int index) =>
        RelayReason.Parse(root.GetArrayLength() <= index || root[index].ValueKind == JsonValueKind.Null ? null : Text(root[index]));

    private static string Truncate(string text) => text.Length > 40 ? SafeText.Clean(text, 40) + "..." : text;
}
