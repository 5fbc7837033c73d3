using System.Text;
using System.Text.Json;

namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Kind 3, legacy: clients before NIP-65 wrote the user's relays as the <c>content</c>, a JSON object mapping each
/// relay URL to <c>{"read":bool,"write":bool}</c>. The keys are the mentions, whatever their values hold. Empty
/// content (most kind 3 events today) mentions nothing; content that is no JSON object is malformed.
/// </summary>
public sealed class ContactListRelayMapParser : RelayListParser
{
    public const int Kind = 3;

    /// <summary>A relay map is two levels deep; deeper nesting is no relay map, and a reader must not recurse on a relay's say.</summary>
    public const int MaxDepth = 16;

    public override IReadOnlyList<int> Kinds { get; } = [Kind];

    protected override RelayMentions Parse(NostrEvent e)
    {
        if (string.IsNullOrWhiteSpace(e.Content))
        {
            return new RelayMentions([], 0, null);
        }

        var utf8 = Encoding.UTF8.GetBytes(e.Content);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var keys = new List<string?>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return RelayMentions.Skipped($"kind 3 content is JSON but no relay map object (it starts with {reader.TokenType})");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                keys.Add(KeyOf(ref reader));
                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            return RelayMentions.Skipped($"kind 3 content is not a JSON relay map: {SafeText.Clean(ex.Message, 200)}");
        }

        return Collect(keys);
    }

    /// <summary>The key's text, or null when its escapes spell no text (a lone surrogate): a dropped mention.</summary>
    private static string? KeyOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
