using System.Text.Json;

namespace Nip66.Scheduler.Sagas;

/// <summary>Settings of a versioned saga repository (Redis or in-memory).</summary>
public sealed class VersionedSagaRepositoryOptions
{
    /// <summary>The default <see cref="Expiry"/>: long enough to look at a finished cycle, short enough to forget it.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromDays(7);

    /// <summary>Prefix of the Redis keys, <c>{Prefix}{correlationId}</c>. Null means <c>saga:{saga type name}:</c>.</summary>
    public string? Prefix { get; set; }

    /// <summary>Time to live set by every write, so completed and abandoned sagas expire. Null keeps them forever.</summary>
    public TimeSpan? Expiry { get; set; } = DefaultExpiry;

    /// <summary>The Redis database number; -1 is the connection's default database.</summary>
    public int Database { get; set; } = -1;

    /// <summary>How saga instances are written to JSON.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.General);

    internal string KeyPrefixFor(Type sagaType) => Prefix ?? $"saga:{sagaType.Name}:";

    internal void Validate()
    {
        if (Expiry is { } expiry && expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Expiry), expiry, "The saga expiry must be positive, or null for no expiry.");
        }

        ArgumentNullException.ThrowIfNull(SerializerOptions);
    }
}
