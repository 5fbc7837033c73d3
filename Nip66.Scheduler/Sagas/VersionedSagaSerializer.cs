using System.Text.Json;
using MassTransit;

namespace Nip66.Scheduler.Sagas;

/// <summary>Writes sagas to JSON with the repository's <see cref="JsonSerializerOptions"/>; one per saga type.</summary>
public sealed class VersionedSagaSerializer<TSaga>(JsonSerializerOptions options)
    where TSaga : class, ISagaVersion
{
    public string Serialize(TSaga saga) => JsonSerializer.Serialize(saga, options);

    /// <summary>The saga, with <see cref="ISagaVersion.Version"/> set from the store, which owns it.</summary>
    public TSaga Deserialize(VersionedSagaDocument document)
    {
        var saga = JsonSerializer.Deserialize<TSaga>(document.Json, options)
            ?? throw new JsonException($"The stored {typeof(TSaga).Name} document is empty (null).");
        saga.Version = document.Version;
        return saga;
    }
}
