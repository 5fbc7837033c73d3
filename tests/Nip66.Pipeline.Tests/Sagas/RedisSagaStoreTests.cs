using Nip66.Scheduler.Sagas;
using StackExchange.Redis;

namespace Nip66.Pipeline.Tests.Sagas;

public sealed class RedisSagaStoreTests(RedisFixture redis) : VersionedSagaStoreContract, IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly string prefix = $"nip66:test:{Guid.NewGuid():N}:";

    protected override IVersionedSagaStore CreateStore() => new RedisSagaStore(redis.Connection, prefix, Expiry);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => redis.IsConnected ? redis.DeleteKeysAsync(prefix) : Task.CompletedTask;

    [Fact]
    public async Task One_hash_per_saga_under_the_prefix()
    {
        var store = new RedisSagaStore(redis.Connection, prefix, Expiry);
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, """{"a":1}""");

        var key = (RedisKey)$"{prefix}{id:D}";
        Assert.Equal(key, store.KeyFor(id));
        var database = redis.Connection.GetDatabase();
        Assert.Equal(RedisType.Hash, await database.KeyTypeAsync(key));
        Assert.Equal(1, (int)await database.HashGetAsync(key, "version"));
        Assert.Equal("""{"a":1}""", (string?)await database.HashGetAsync(key, "data"));
    }

    [Fact]
    public async Task Every_write_sets_the_expiry()
    {
        var store = new RedisSagaStore(redis.Connection, prefix, Expiry);
        var database = redis.Connection.GetDatabase();
        var id = Guid.NewGuid();

        await store.TryInsertAsync(id, "1");
        AssertCloseToExpiry(await database.KeyTimeToLiveAsync(store.KeyFor(id)));

        // Shorten it by hand: the next update must set the full expiry again.
        await database.KeyExpireAsync(store.KeyFor(id), TimeSpan.FromSeconds(30));
        Assert.True(await database.KeyTimeToLiveAsync(store.KeyFor(id)) <= TimeSpan.FromSeconds(30));
        Assert.True(await store.TryUpdateAsync(id, "2", expectedVersion: 1));
        AssertCloseToExpiry(await database.KeyTimeToLiveAsync(store.KeyFor(id)));

        // A refused write leaves the expiry alone.
        await database.KeyExpireAsync(store.KeyFor(id), TimeSpan.FromSeconds(30));
        Assert.False(await store.TryUpdateAsync(id, "stale", expectedVersion: 1));
        Assert.True(await database.KeyTimeToLiveAsync(store.KeyFor(id)) <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Without_expiry_keys_persist()
    {
        var store = new RedisSagaStore(redis.Connection, prefix, expiry: null);
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");
        await store.TryUpdateAsync(id, "2", expectedVersion: 1);

        Assert.Null(await redis.Connection.GetDatabase().KeyTimeToLiveAsync(store.KeyFor(id)));
    }

    [Fact]
    public async Task An_expired_saga_is_gone()
    {
        var store = new RedisSagaStore(redis.Connection, prefix, TimeSpan.FromMilliseconds(200));
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");

        await Task.Delay(600);

        Assert.Null(await store.GetAsync(id));
        Assert.False(await store.TryUpdateAsync(id, "2", expectedVersion: 1));
        Assert.True(await store.TryInsertAsync(id, "new"));
    }

    private static void AssertCloseToExpiry(TimeSpan? ttl)
    {
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, Expiry - TimeSpan.FromMinutes(1), Expiry);
    }
}
