using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>
/// Reads an event object strictly: every field present with its NIP-01 type, nothing coerced. Content and tags are
/// kept exactly as sent (<see cref="SafeText.Exact"/>), unpaired surrogates included, because the id hashes them:
/// an event is verified, never stored or shown, so nothing unsafe leaves through it.
/// </summary>
public static class EventParser
{
    public static NostrEvent Parse(JsonElement obj)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("event is not a JSON object");
        }

        var id = RequireHex(obj, "id", 32);
        var pubKey = RequireHex(obj, "pubkey", 32);
        var sig = RequireHex(obj, "sig", 64);
        var createdAt = RequireInteger(obj, "created_at");
        var kind = RequireInteger(obj, "kind");
        if (kind is < 0 or > 65535)
        {
            throw new FormatException($"event kind {kind} is out of range");
        }

        var content = SafeText.Exact(Require(obj, "content", JsonValueKind.String));
        var tagsElement = Require(obj, "tags", JsonValueKind.Array);
        var tags = new List<IReadOnlyList<string>>(tagsElement.GetArrayLength());
        foreach (var tag in tagsElement.EnumerateArray())
        {
            if (tag.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("event tag is not an array");
            }

            var values = new string[tag.GetArrayLength()];
            var i = 0;
            foreach (var value in tag.EnumerateArray())
            {
                values[i++] = value.ValueKind == JsonValueKind.String
                    ? SafeText.Exact(value)
                    : throw new FormatException("event tag holds a value that is not a string");
            }

            tags.Add(values);
        }

        return new NostrEvent(id, pubKey, createdAt, (int)kind, tags, content, sig);
    }

    public static NostrEvent Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Parse(doc.RootElement);
    }

    private static JsonElement Require(JsonElement obj, string name, JsonValueKind kind)
    {
        if (!SafeText.TryGetProperty(obj, name, out var value) || value.ValueKind != kind)
        {
            throw new FormatException($"event field '{name}' is missing or not a {kind.ToString().ToLowerInvariant()}");
        }

        return value;
    }

    private static string RequireHex(JsonElement obj, string name, int bytes)
    {
        var value = SafeText.Exact(Require(obj, name, JsonValueKind.String));
        return Hex.IsLowerHex(value, bytes)
            ? value!
            : throw new FormatException($"event field '{name}' is not {bytes * 2} lower-case hex characters");
    }

    private static long RequireInteger(JsonElement obj, string name)
    {
        var value = Require(obj, name, JsonValueKind.Number);
        return value.TryGetInt64(out var number) && number >= 0
            ? number
            : throw new FormatException($"event field '{name}' is not a non-negative integer");
    }
}
