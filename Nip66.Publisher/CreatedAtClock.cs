using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Nip66.Publisher;

/// <summary>
/// Hands out created_at values that strictly increase per relay, so a replacement 30166 in the same second
/// cannot lose to its predecessor on the lowest-id tie-break.
/// </summary>
public interface ICreatedAtClock
{
    Task<long> NextAsync(string relay, long wanted);
}

public sealed class InMemoryCreatedAtClock : ICreatedAtClock
{
    private readonly ConcurrentDictionary<string, long> last = new(StringComparer.Ordinal);

    public Task<long> NextAsync(string relay, long wanted) =>
        Task.FromResult(last.AddOrUpdate(relay, wanted, (_, previous) => Math.Max(wanted, previous + 1)));
}

/// <summary>The same guarantee across publisher processes, with one atomic script per event.</summary>
public sealed class RedisCreatedAtClock(IConnectionMultiplexer redis, string key = "nip66:created-at") : ICreatedAtClock
{
    private const string Script = """
        local previous = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
        local wanted = tonumber(ARGV[2])
        local next = wanted
        if previous >= wanted then next = previous + 1 end
        redis.call('HSET', KEYS[1], ARGV[1], next)
        return next
        """;

    public async Task<long> NextAsync(string relay, long wanted) =>
        (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [relay, wanted]).ConfigureAwait(false);
}
