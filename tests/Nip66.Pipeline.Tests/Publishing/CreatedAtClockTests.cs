using Nip66.Pipeline.Tests.Sagas;
using Nip66.Publisher;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>Both clocks: one created_at per (cycle, relay), strictly increasing per relay, never behind a newer basis.</summary>
public sealed class CreatedAtClockTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private const long Second = 1_700_000_000;
    private readonly string key = $"nip66:test:created-at:{Guid.NewGuid():N}";

    public static TheoryData<string> Clocks => ["memory", "redis"];

    private ICreatedAtClock Clock(string kind) => kind == "memory" ? new InMemoryCreatedAtClock() : new RedisCreatedAtClock(redis.Connection, key);

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task A_redelivered_cycle_gets_its_first_created_at_again(string kind)
    {
        var clock = Clock(kind);
        var cycle = Guid.NewGuid();

        var first = await clock.CreatedAtAsync("wss://a/", cycle, Second);
        var again = await clock.CreatedAtAsync("wss://a/", cycle, Second);

        Assert.Equal((Second, Second), (first, again));
    }

    [Theory]
    [MemberData(nameof(Clocks))]
    public async Task A_new_cycle_in_the_same_second_moves_on_and_an_older_basis_is_refused(string kind)
    {
        var clock = Clock(kind);

        var first = await clock.CreatedAtAsync("wss://a/", Guid.NewGuid(), Second);
        var second = await clock.CreatedAtAsync("wss://a/", Guid.NewGuid(), Second);
        var other = await clock.CreatedAtAsync("wss://b/", Guid.NewGuid(), Second);
        var stale = await clock.CreatedAtAsync("wss://a/", Guid.NewGuid(), Second - 60);

        Assert.Equal((Second, Second + 1, Second), (first, second, other));
        Assert.Null(stale);
    }

    [Fact]
    public async Task Two_publisher_processes_share_the_redis_clock()
    {
        var one = new RedisCreatedAtClock(redis.Connection, key);
        var two = new RedisCreatedAtClock(redis.Connection, key);
        var cycle = Guid.NewGuid();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? one : two).CreatedAtAsync("wss://a/", cycle, Second)));

        Assert.All(answers, a => Assert.Equal(Second, a));
    }

    [Fact]
    public async Task A_created_at_stored_by_an_earlier_version_is_moved_past()
    {
        await redis.Connection.GetDatabase().HashSetAsync(key, "wss://a/", Second + 5);
        var clock = new RedisCreatedAtClock(redis.Connection, key);

        Assert.Equal(Second + 6, await clock.CreatedAtAsync("wss://a/", Guid.NewGuid(), Second));
    }
}
