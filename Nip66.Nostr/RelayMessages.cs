using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>The machine-readable prefixes of NIP-01 <c>OK</c>/<c>CLOSED</c> messages (and NIP-42's).</summary>
public enum ReasonPrefix
{
    None,
    Unknown,
    Duplicate,
    Pow,
    Blocked,
    RateLimited,
    Invalid,
    Restricted,
    Mute,
    Error,
    AuthRequired,
    PaymentRequired,
}

public sealed record RelayReason(ReasonPrefix Prefix, string Text)
{
    public static RelayReason Parse(string? message)
    {
        message ??= string.Empty;
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new RelayReason(ReasonPrefix.None, message);
        }

        var prefix = message[..colon].Trim().ToLowerInvariant() switch
        {
            "duplicate" => ReasonPrefix.Duplicate,
            "pow" => ReasonPrefix.Pow,
            "blocked" => ReasonPrefix.Blocked,
            "rate-limited" => ReasonPrefix.RateLimited,
            "invalid" => ReasonPrefix.Invalid,
            "restricted" => ReasonPrefix.Restricted,
            "mute" => ReasonPrefix.Mute,
            "error" => ReasonPrefix.Error,
            "auth-required" => ReasonPrefix.AuthRequired,
            "payment-required" => ReasonPrefix.PaymentRequired,
            _ => ReasonPrefix.Unknown,
        };
        return new RelayReason(prefix, message);
    }

    public override string ToString() => Text;
}

/// <summary>Messages a relay sends (NIP-01, NIP-42, NIP-45).</summary>
public abstract record RelayMessage
{
    /// <summary>
    /// Parses one relay frame. Throws <see cref="RelayProtocolException"/> for anything that is not a NIP-01 message,
    /// including an event whose fields are malformed (its signature is checked by the caller, not here).
    /// </summary>
    public static RelayMessage Parse(ReadOnlySpan<byte> utf8)
    {
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
        return root[0].GetString() switch
        {
            "EVENT" when length >= 3 => new EventMessage(Text(root[1]), EventParser.Parse(root[2])),
            "OK" when length >= 3 => new OkMessage(Text(root[1]), root[2].GetBoolean(),
                RelayReason.Parse(length > 3 ? root[3].GetString() : null)),
            "EOSE" => new EoseMessage(Text(root[1])),
            "CLOSED" => new ClosedMessage(Text(root[1]), RelayReason.Parse(length > 2 ? root[2].GetString() : null)),
            "NOTICE" => new NoticeMessage(Text(root[1])),
            "AUTH" => new AuthMessage(Text(root[1])),
            "COUNT" when length >= 3 => new CountMessage(Text(root[1]), root[2].TryGetProperty("count", out var count)
                ? count.GetInt64()
                : throw new FormatException("COUNT message has no count")),
            var type => throw new FormatException($"unknown or short relay message '{Truncate(type)}'"),
        };
    }

    /// <summary>A required string element; <c>GetString</c> alone would turn a JSON null into a null string.</summary>
    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException($"expected a string, got {value.ValueKind}");

    private static string Truncate(string? text) => text is null ? "null" : text.Length > 40 ? text[..40] + "..." : text;
}

public sealed record EventMessage(string SubscriptionId, NostrEvent Value) : RelayMessage;

public sealed record OkMessage(string EventId, bool Accepted, RelayReason Reason) : RelayMessage;

public sealed record EoseMessage(string SubscriptionId) : RelayMessage;

public sealed record ClosedMessage(string SubscriptionId, RelayReason Reason) : RelayMessage;

public sealed record NoticeMessage(string Text) : RelayMessage;

public sealed record AuthMessage(string Challenge) : RelayMessage;

public sealed record CountMessage(string SubscriptionId, long Value) : RelayMessage;

public sealed class RelayProtocolException(string message) : Exception(message);

/// <summary>A NIP-01 REQ filter; only the fields a monitor needs.</summary>
public sealed record Filter
{
    public IReadOnlyList<string>? Ids { get; init; }

    public IReadOnlyList<string>? Authors { get; init; }

    public IReadOnlyList<int>? Kinds { get; init; }

    public IReadOnlyDictionary<char, IReadOnlyList<string>>? Tags { get; init; }

    public long? Since { get; init; }

    public long? Until { get; init; }

    public int? Limit { get; init; }
}
