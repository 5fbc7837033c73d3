using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nip66.Nostr.Discovery;

/// <summary>Kind 0 metadata of the monitor.</summary>
public sealed record MonitorProfile
{
    public const int Kind = 0;

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("about")]
    public string? About { get; init; }

    [JsonPropertyName("website")]
    public string? Website { get; init; }

    [JsonPropertyName("nip05")]
    public string? Nip05 { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public UnsignedEvent ToEvent(long createdAt) =>
        new(createdAt, Kind, [], JsonSerializer.Serialize(this, Json));

    public static MonitorProfile Parse(NostrEvent e) =>
        e.Kind == Kind
            ? JsonSerializer.Deserialize<MonitorProfile>(e.Content, Json) ?? throw new FormatException("kind 0 content is null")
            : throw new FormatException($"expected kind {Kind}, got {e.Kind}");
}
