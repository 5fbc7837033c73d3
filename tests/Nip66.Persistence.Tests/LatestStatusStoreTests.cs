using Nip66.Contracts;
using Nip66.Persistence.Status;
using StackExchange.Redis;

namespace Nip66.Persistence.Tests;

public abstract class LatestStatusStoreTests
{
    protected abstract ILatestStatusStore Store { get; }

    [Fact]
    public async Task The_newest_status_per_url_wins()
    {
        var a = "wss://a.example/";
        var b = "wss://b.example/";
        await Store.SetAsync(
        [
            new LatestStatus(a, RelayStatus.Online, 120, 80, 95, null, Checks.T0),
            new LatestStatus(b, RelayStatus.Offline, null, null, null, FailureClass.HttpStatus, Checks.T0),
            new LatestStatus(a, RelayStatus.Degraded, 130, null, null, FailureClass.AuthRequired, Checks.T0.AddMinutes(-1)),
        ]);

        var stored = await Store.GetAsync(a);
        Assert.Equal(new LatestStatus(a, RelayStatus.Online, 120, 80, 95, null, Checks.T0), stored);
        Assert.Null(await Store.GetAsync("wss://unknown.example/"));

        await Store.SetAsync([new LatestStatus(b, RelayStatus.Online, 10, 20, null, null, Checks.T0.AddMinutes(10))]);
        var all = await Store.GetAllAsync();
        Assert.Equal([a, b], all.Select(s => s.Url));
        Assert.Equal(RelayStatus.Online, all[1].Status);
        Assert.Equal(Checks.T0.AddMinutes(10), all[1].CheckedAt);
        Assert.Null(all[1].FailureClass);
    }

    [Fact]
    public void A_check_result_maps_to_a_status()
    {
        var result = Checks.Result(Guid.NewGuid(), 3, "wss://c.example/", RelayStatus.Degraded, Checks.T0, FailureClass.AuthRequired, CheckType.Read).Result;
        var status = LatestStatus.From(result);
        Assert.Equal(new LatestStatus("wss://c.example/", RelayStatus.Degraded, 103, null, null, FailureClass.AuthRequired, Checks.T0), status);
        Assert.Equal(TimeSpan.Zero, status.CheckedAt.Offset);
    }
}

public sealed class InMemoryLatestStatusStoreTests : LatestStatusStoreTests
{
    protected override ILatestStatusStore Store { get; } = new InMemoryLatestStatusStore();
}

/// <summary>Against the real Redis of <c>NIP66_REDIS</c> (default 127.0.0.1:6379), in a hash of its own.</summary>
public sealed class RedisLatestStatusStoreTests : LatestStatusStoreTests, IAsyncLifetime
{
    readonly string _key = $"nip66:test:status:{Guid.NewGuid():N}";
    ConnectionMultiplexer? _redis;
    RedisLatestStatusStore? _store;

    protected override ILatestStatusStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        var configuration = Environment.GetEnvironmentVariable("NIP66_REDIS") is { Length: > 0 } value ? value : "127.0.0.1:6379";
        try
        {
            var options = ConfigurationOptions.Parse(configuration);
            options.ConnectTimeout = 5000;
            _redis = await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException e)
        {
            throw new InvalidOperationException(
                $"Redis is not reachable at {configuration} (NIP66_REDIS). Start it with `scripts/services start` " +
                $"(or `redis-server --bind 127.0.0.1 --port 6379 --daemonize yes`) and run the tests again. Cause: {e.Message}",
                e);
        }

        _store = new RedisLatestStatusStore(_redis, _key);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.GetDatabase().KeyDeleteAsync(_key);
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Values_are_small_json()
    {
        await Store.SetAsync([new LatestStatus("wss://j.example/", RelayStatus.Offline, null, null, null, FailureClass.HttpStatus, Checks.T0)]);
        var json = (string?)await _redis!.GetDatabase().HashGetAsync(_key, "wss://j.example/");
        Assert.NotNull(json);
        Assert.StartsWith("{\"status\":\"offline\",", json, StringComparison.Ordinal);
        Assert.Contains("\"failure\":\"http-status\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("rttOpen", json, StringComparison.Ordinal);
    }
}
