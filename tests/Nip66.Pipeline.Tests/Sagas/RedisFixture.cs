using StackExchange.Redis;

namespace Nip66.Pipeline.Tests.Sagas;

/// <summary>
/// The Redis these tests run against: <c>NIP66_REDIS</c>, or 127.0.0.1:6379. A Redis that cannot be reached fails
/// every test using it with the reason; it never skips them.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private ConnectionMultiplexer? connection;
    private Exception? failure;

    public bool IsConnected => connection is not null;

    public static string Address => Environment.GetEnvironmentVariable("NIP66_REDIS") is { Length: > 0 } address ? address : "127.0.0.1:6379";

    public IConnectionMultiplexer Connection => connection ?? throw new InvalidOperationException(
        $"These tests need a Redis server at {Address} (set NIP66_REDIS to use another one). Start it with scripts/services, or " +
        $"'redis-server --bind 127.0.0.1 --port 6379 --daemonize yes'. Connecting failed: {failure?.Message}",
        failure);

    public async Task InitializeAsync()
    {
        try
        {
            var options = ConfigurationOptions.Parse(Address);
            options.AbortOnConnectFail = true;
            options.ConnectTimeout = 5000;
            options.ConnectRetry = 1;
            connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ArgumentException)
        {
            failure = exception;
            if (connection is not null)
            {
                await connection.DisposeAsync();
                connection = null;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Deletes the keys under a test's prefix.</summary>
    public async Task DeleteKeysAsync(string prefix)
    {
        var database = Connection.GetDatabase();
        foreach (var endpoint in Connection.GetEndPoints())
        {
            var server = Connection.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(database.Database, prefix + "*"))
            {
                await database.KeyDeleteAsync(key);
            }
        }
    }
}
