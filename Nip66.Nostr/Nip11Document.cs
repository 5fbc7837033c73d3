using System.Globalization;
using System.Text.Json;

namespace Nip66.Nostr;

/// <summary>
/// The parts of a NIP-11 relay information document that a monitor reads; the rest stays in the raw JSON. Parsed once,
/// by the checker (<see cref="Parse"/>), and carried as it is in the check result to the publisher, the reports and
/// the database.
/// </summary>
public sealed record Nip11Document
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? PubKey { get; init; }

    public string? Contact { get; init; }

    public string? Software { get; init; }

    public string? Version { get; init; }

    public IReadOnlyList<int> SupportedNips { get; init; } = [];

    public bool? AuthRequired { get; init; }

    public bool? PaymentRequired { get; init; }

    public bool? RestrictedWrites { get; init; }

    public int? MinPowDifficulty { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> LanguageTags { get; init; } = [];

    public IReadOnlyList<string> RelayCountries { get; init; } = [];

    /// <summary>The whole document, minified and made safe: a 30166 <c>content</c> and what the database keeps.</summary>
    public string Json { get; init; } = "{}";

    /// <summary>
    /// Lenient on shape (numbers as strings, <c>limitations</c> for <c>limitation</c>, wrong types ignored),
    /// strict on being a JSON object: anything else is a <see cref="FormatException"/>, the only exception it throws.
    /// Every string, <see cref="Json"/> included, is <see cref="SafeText"/>.
    /// </summary>
    public static Nip11Document Parse(ReadOnlySpan<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new FormatException("NIP-11 document is not valid UTF-8");
        }

        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new FormatException($"NIP-11 document is not JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("NIP-11 document is not a JSON object");
            }

            var limitation = Property(root, "limitation") ?? Property(root, "limitations");
            return new Nip11Document
            {
                Name = Text(root, "name"),
                Description = Text(root, "description"),
                PubKey = Text(root, "pubkey"),
                Contact = Text(root, "contact"),
                Software = Text(root, "software"),
                Version = Text(root, "version"),
                SupportedNips = Array(root, "supported_nips").Select(ToInt).OfType<int>().Where(n => n is >= 0 and < 100000).Distinct().Order().Take(Discovery.RelayDiscoveryCodec.MaxSupportedNips).ToArray(),
                AuthRequired = limitation is { } l1 ? Flag(l1, "auth_required") : null,
                PaymentRequired = limitation is { } l2 ? Flag(l2, "payment_required") : null,
                RestrictedWrites = limitation is { } l3 ? Flag(l3, "restricted_writes") : null,
                MinPowDifficulty = limitation is { } l4 && Property(l4, "min_pow_difficulty") is { } pow && ToInt(pow) is { } bits and >= 0 and <= 256 ? bits : null,
                Tags = Strings(root, "tags"),
                LanguageTags = Strings(root, "language_tags"),
                RelayCountries = Strings(root, "relay_countries"),
                Json = SafeText.Json(root),
            };
        }
    }

    private static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && SafeText.TryGetProperty(obj, name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.String } value ? SafeText.Read(value) : null;

    private static JsonElement[] Array(JsonElement obj, string name) =>
        Property(obj, name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray().ToArray() : [];

    private static string[] Strings(JsonElement obj, string name) =>
        Array(obj, name).Where(v => v.ValueKind == JsonValueKind.String).Select(SafeText.Read)
            .Where(v => v.Length is > 0 and <= 64).Distinct().Take(64).ToArray();

    private static bool? Flag(JsonElement obj, string name) => Property(obj, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s when bool.TryParse(SafeText.Read(s), out var b) => b,
        _ => null,
    };

    private static int? ToInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(SafeText.Read(value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}
