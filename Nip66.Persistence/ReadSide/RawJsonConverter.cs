using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nip66.Persistence.ReadSide;

/// <summary>
/// Writes JSON text the monitor stored (a relay's made-safe NIP-11 document) into a response as the value itself,
/// not as a string and without building a document from it: it was parsed once, by the checker.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("stored JSON is only written to responses");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value);
    }
}
