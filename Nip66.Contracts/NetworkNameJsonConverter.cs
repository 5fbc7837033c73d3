using System.Text.Json;
using System.Text.Json.Serialization;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Contracts;

/// <summary>
/// A <see cref="RelayNetwork"/> on the bus as its NIP-66 name (<c>clearnet</c>, <c>tor</c>, ...), the string the
/// check result carried before it was typed: results from older checkers read, and older consumers read ours.
/// </summary>
public sealed class NetworkNameJsonConverter : JsonConverter<RelayNetwork>
{
    public override RelayNetwork Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Enum.TryParse<RelayNetwork>(reader.GetString(), ignoreCase: true, out var network) && Enum.IsDefined(network)
            ? network
            : throw new JsonException("a relay network is one of clearnet, tor, i2p, loki");

    public override void Write(Utf8JsonWriter writer, RelayNetwork value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(RelayDiscoveryCodec.NetworkName(value));
    }
}
