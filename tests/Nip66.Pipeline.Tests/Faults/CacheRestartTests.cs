using Nip66.TestSupport;
using StackExchange.Redis;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// Redis killed with SIGKILL in the middle of a cycle and started again on its append-only file: the cycle saga's
/// state (with the bitmap of results already counted), and the created_at clock come back,
/// the retries of the saga and of the publisher cover the outage, and the cycle completes with the right counts.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class CacheRestartTests
{
    private const string CreatedAtKey = "nip66:created-at";

    /// <summary>StackExchange.Redis's default: how long a command waits for a connection that is down.</summary>
    private static readonly TimeSpan RedisCommandTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Cycle_completes_after_Redis_is_killed_mid_cycle()
    {
        // appendfsync always (PrivateServices): each write is on disk before Redis answers it. With our deployed
        // everysec a kill could lose the last second of writes; the saga would then miss results counted in it.
        await using var services = await PrivateServices.StartAsync(PrivateService.Redis);
        await using var relays = await FaultRelays.StartAsync();
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        await using var scenario = await FaultScenario.StartAsync(vhost.Value, services.Redis, database.Value, relays.Monitored, relays.PublishRelay);
        using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { services.Redis }, AbortOnConnectFail = false });
        var cache = redis.GetDatabase();

        var cycle = await scenario.StartCycleAsync();
        await FaultScenario.WaitUntilAsync(
            async () => await scenario.CountResultsAsync() >= 2 && await cache.HashLengthAsync(CreatedAtKey) >= 2,
            TimeSpan.FromMinutes(1), $"two results stored and signed");
        var sagaKeys = redis.GetServer(services.Redis).Keys(pattern: "nip66:cycle:*").ToArray();
        var createdAt = (await cache.HashGetAllAsync(CreatedAtKey)).ToDictionary(e => e.Name.ToString(), e => CreatedAt(e.Value));
        await services.KillAsync(PrivateService.Redis);

        Assert.True(await scenario.CountResultsAsync() < scenario.Urls.Count, "the cycle finished before Redis was killed; the test proves nothing");
        Assert.NotEmpty(sagaKeys);

        // Down for longer than a Redis command waits for its connection (5 s), as when a loaded machine restarts it
        // slowly: the commands of the saga and of the publisher's clock fail, and only their retries carry the cycle.
        await Task.Delay(RedisCommandTimeout * 2);
        await services.StartAsync(PrivateService.Redis);
        foreach (var key in sagaKeys)
        {
            Assert.True(await cache.KeyExistsAsync(key), $"saga state {key} lost in the restart");
        }

        var completed = await scenario.CompletionAsync(cycle, TimeSpan.FromMinutes(3));
        await scenario.AssertCompletedInFullAsync(completed, relays.PublishRelay);

        // The clock only moves forward: every relay signed before the kill kept (at least) its last created_at.
        foreach (var (relay, before) in createdAt)
        {
            Assert.True(CreatedAt(await cache.HashGetAsync(CreatedAtKey, relay)) >= before, $"created_at of {relay} went back");
        }

        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }

    // The clock keeps "created_at basis cycle" per relay (see RedisCreatedAtClock); the first field is the created_at.
    private static long CreatedAt(RedisValue value) => long.Parse(value.ToString().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
