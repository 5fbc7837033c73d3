using System.Text;
using System.Text.Json;

namespace Nip66.Nostr.Discovery;

/// <summary>
/// The <c>content</c> of a 30166: the relay's NIP-11 document, shrunk when it would not fit its share of
/// <see cref="SignedEventSize.MaxBytes"/>. Top-level fields are dropped in this order, each step only while the rest
/// is still too big: <c>description</c>, <c>icon</c>, <c>banner</c>, a long <c>posting_policy</c>, every field
/// NIP-11 does not define; then the content is empty. Fields are cut out of the document's own text, never
/// re-encoded, so what remains is byte for byte what the relay served (minified).
/// </summary>
public static class DiscoveryContent
{
    /// <summary>The tags of a 30166 may take this much (<see cref="RelayDiscoveryCodec"/> caps them to it).</summary>
    public const int TagsBudgetBytes = 16 * 1024;

    /// <summary>Room for the rest of the signed event: id, pubkey, created_at, kind, sig and punctuation (about 360 bytes).</summary>
    public const int EnvelopeBytes = 1024;

    /// <summary>
    /// What the content may take, escapes and quotes included. Fixed, not what the tags happen to leave, so the
    /// checker can say in its result what the publisher will drop.
    /// </summary>
    public const int BudgetBytes = SignedEventSize.MaxBytes - TagsBudgetBytes - EnvelopeBytes;

    /// <summary>A <c>posting_policy</c> longer than this is no plain link and goes before the unknown fields.</summary>
    public const int LongPostingPolicyChars = 256;

    private const string UnknownFields = "unknown fields";
    private const string WholeDocument = "the whole document (empty content)";

    private static readonly string[] DroppedFirst = ["description", "icon", "banner"];

    /// <summary>The top-level fields of NIP-11; the others are the first to go after the named ones.</summary>
    private static readonly HashSet<string> Nip11Fields =
    [
        "name", "description", "banner", "icon", "pubkey", "self", "contact", "supported_nips", "software", "version",
        "terms_of_service", "privacy_policy", "limitation", "retention", "relay_countries", "language_tags", "tags",
        "posting_policy", "payments_url", "fees",
    ];

    /// <summary>The document as it fits <paramref name="budgetBytes"/>, shrunk in the documented order.</summary>
    public static FittedContent Fit(string json, int budgetBytes = BudgetBytes)
    {
        ArgumentNullException.ThrowIfNull(json);
        var original = SignedEventSize.OfString(json);
        if (original <= budgetBytes)
        {
            return new FittedContent(json, [], original);
        }

        var fields = Fields(json);
        if (fields is null)
        {
            return new FittedContent(string.Empty, [WholeDocument], original);
        }

        var dropped = new List<string>();
        var kept = fields;
        foreach (var (step, drop) in Steps())
        {
            var remaining = kept.Where(f => !drop(f)).ToList();
            if (remaining.Count == kept.Count)
            {
                continue;
            }

            kept = remaining;
            dropped.Add(step);
            var candidate = "{" + string.Join(",", kept.Select(f => f.Raw)) + "}";
            if (SignedEventSize.OfString(candidate) <= budgetBytes)
            {
                return new FittedContent(candidate, dropped, original);
            }
        }

        dropped.Add(WholeDocument);
        return new FittedContent(string.Empty, dropped, original);
    }

    private static IEnumerable<(string Step, Func<(string? Name, string Raw, int ValueChars), bool> Drop)> Steps()
    {
        foreach (var name in DroppedFirst)
        {
            yield return (name, f => f.Name == name);
        }

        yield return ("posting_policy", f => f.Name == "posting_policy" && f.ValueChars > LongPostingPolicyChars);
        yield return (UnknownFields, f => f.Name is null || !Nip11Fields.Contains(f.Name));
    }

    /// <summary>
    /// The top-level members of a JSON object as their raw text (<c>"name":value</c>), or null when the text is no
    /// JSON object. A name that does not decode (a lone surrogate escape) is read as unknown.
    /// </summary>
    private static List<(string? Name, string Raw, int ValueChars)>? Fields(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        var fields = new List<(string? Name, string Raw, int ValueChars)>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                var name = NameOf(ref reader);
                var valueStart = (int)reader.BytesConsumed;
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                fields.Add((name, Encoding.UTF8.GetString(utf8, start, end - start), Encoding.UTF8.GetCharCount(utf8.AsSpan(valueStart, end - valueStart))));
            }

            return reader.TokenType == JsonTokenType.EndObject ? fields : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The NIP-11 field the reader's property name spells (escapes allowed), or null for any other name.</summary>
    private static string? NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            foreach (var known in Nip11Fields)
            {
                if (reader.ValueTextEquals(known))
                {
                    return known;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // An escape that decodes to no text (a lone surrogate) spells no NIP-11 name.
        }

        return null;
    }
}
