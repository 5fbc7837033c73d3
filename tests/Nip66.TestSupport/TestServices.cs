using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Nip66.TestSupport;

/// <summary>
/// The real services of the suite (started by scripts/test, addresses in NIP66_* variables). Each scenario gets its
/// own PostgreSQL database and RabbitMQ virtual host, so runs never see each other's rows or queued messages.
/// A service that does not answer fails the test with what to do; nothing is skipped.
/// </summary>
public static class TestServices
{
    public static string Postgres => Env("NIP66_POSTGRES", "Host=127.0.0.1;Port=5432;Database=nip66;Username=nip66;Password=nip66");

    public static string Redis => Env("NIP66_REDIS", "127.0.0.1:6379");

    public static Uri RabbitMq => new(Env("NIP66_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672/"));

    public static int RabbitMqManagementPort => int.Parse(Env("NIP66_RABBITMQ_MANAGEMENT_PORT", "15672"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A fresh database on the suite's PostgreSQL; dispose to drop it.</summary>
    public static async Task<TemporaryResource> CreatePostgresDatabaseAsync()
    {
        var name = "nip66_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = new NpgsqlConnectionStringBuilder(Postgres) { Database = "postgres", Pooling = false, Timeout = 5 };
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        var database = new NpgsqlConnectionStringBuilder(Postgres) { Database = name };
        return new TemporaryResource(database.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    /// <summary>
    /// A fresh RabbitMQ virtual host (through the management API); the value is its amqp:// URI. On the suite's
    /// broker unless another one (such as a <see cref="PrivateServices"/> copy) is given.
    /// </summary>
    public static async Task<TemporaryResource> CreateRabbitMqVirtualHostAsync(Uri? otherBroker = null, int? managementPort = null)
    {
        var vhost = "nip66-test-" + Guid.NewGuid().ToString("N")[..12];
        var broker = otherBroker ?? RabbitMq;
        var user = Uri.UnescapeDataString(broker.UserInfo).Split(':')[0];
        var http = ManagementClient(broker, managementPort);
        try
        {
            (await http.PutAsync($"vhosts/{vhost}", null)).EnsureSuccessStatusCode();
            (await http.PutAsync($"permissions/{vhost}/{user}", new StringContent("{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}", Encoding.UTF8, "application/json")))
                .EnsureSuccessStatusCode();
        }
        catch (HttpRequestException e)
        {
            http.Dispose();
            throw new InvalidOperationException(
                $"RabbitMQ management API is not reachable at {http.BaseAddress}: start the services with `scripts/services start`. Cause: {e.Message}", e);
        }

        var uri = new UriBuilder(broker) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();
        return new TemporaryResource(uri, async () =>
        {
            using (http)
            {
                try
                {
                    await http.DeleteAsync($"vhosts/{vhost}");
                }
                catch (HttpRequestException)
                {
                    // A broker that a fault test left stopped: cleaning up must not hide why the test failed.
                }
            }
        });
    }

    /// <summary>Messages waiting in a queue of a virtual host, through the management API.</summary>
    public static async Task<int> QueueDepthAsync(string amqpUri, string queue, int? managementPort = null)
    {
        var uri = new Uri(amqpUri);
        using var http = ManagementClient(uri, managementPort);
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"queues/{VirtualHost(uri)}/{queue}"));
        return doc.RootElement.TryGetProperty("messages", out var messages) ? messages.GetInt32() : 0;
    }

    /// <summary>Every *_error queue of a virtual host that holds messages, with its depth: faulted messages.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> ErrorQueuesAsync(string amqpUri, int? managementPort = null)
    {
        var uri = new Uri(amqpUri);
        using var http = ManagementClient(uri, managementPort);
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"queues/{VirtualHost(uri)}"));
        return doc.RootElement.EnumerateArray()
            .Select(q => (Name: q.GetProperty("name").GetString()!, Messages: q.TryGetProperty("messages", out var m) ? m.GetInt32() : 0))
            .Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal) && q.Messages > 0)
            .ToDictionary(q => q.Name, q => q.Messages);
    }

    // The default virtual host "/" is "%2F" in the management API's paths.
    private static string VirtualHost(Uri uri) => uri.AbsolutePath.TrimStart('/') is { Length: > 0 } name ? name : "%2F";

    private static HttpClient ManagementClient(Uri broker, int? managementPort)
    {
        var credentials = Uri.UnescapeDataString(broker.UserInfo);
        var http = new HttpClient { BaseAddress = new Uri($"http://{broker.Host}:{managementPort ?? RabbitMqManagementPort}/api/"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    private static async Task ExecuteAsync(NpgsqlConnectionStringBuilder server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {server.Host}:{server.Port} (NIP66_POSTGRES): start the services with `scripts/services start`. Cause: {e.Message}", e);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Env(string name, string fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : fallback;
}

/// <summary>A created database or virtual host; disposing removes it.</summary>
public sealed class TemporaryResource(string value, Func<Task> remove) : IAsyncDisposable
{
    public string Value { get; } = value;

    public async ValueTask DisposeAsync() => await remove();
}
