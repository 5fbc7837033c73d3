namespace Nip66.Persistence;

public sealed record PersistenceOptions
{
    /// <summary>The file name of the embedded database inside the data folder.</summary>
    public const string SqliteFileName = "nip66.db";

    /// <summary>The Redis hash holding the latest status per relay URL.</summary>
    public const string DefaultStatusKey = "nip66:status";

    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>
    /// SQLite (<c>Data Source=/var/lib/nip66/nip66.db</c>) or Npgsql
    /// (<c>Host=...;Database=nip66;Username=...;Password=...</c>) connection string.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>StackExchange.Redis configuration string, or null for the in-memory status store.</summary>
    public string? RedisConnectionString { get; init; }

    public string StatusKey { get; init; } = DefaultStatusKey;

    /// <summary>Embedded mode: the database is <see cref="SqliteFileName"/> in <paramref name="dataFolder"/>.</summary>
    public static PersistenceOptions ForSqliteFolder(string dataFolder, string? redisConnectionString = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        return new PersistenceOptions
        {
            Provider = PersistenceProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(Path.GetFullPath(dataFolder), SqliteFileName)}",
            RedisConnectionString = redisConnectionString,
        };
    }
}
