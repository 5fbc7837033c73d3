using StackExchange.Redis;

namespace Nip66.Publisher;

/// <summary>
/// The same guarantee across publisher processes and restarts: one hash field per relay holding
/// <c>"created_at basis cycle"</c>, read and written by one atomic script. A plain number (what earlier versions
/// stored) reads as a created_at with no cycle.
/// </summary>
public sealed class RedisCreatedAtClock(IConnectionMultiplexer redis, string key = "nip66:created-at") : ICreatedAtClock
{
    private const string Script = """
        local stored = redis.call('HGET', KEYS[1], ARGV[1])
        local cycle = ARGV[2]
        local basis = tonumber(ARGV[3])
        local previous, previousBasis, previousCycle = nil, 0, ''
        if stored then
          local a, b, c = string.match(stored, '^(%d+) (%d+) (.*)$')
          if a then
            previous, previousBasis, previousCycle = tonumber(a), tonumber(b), c
          else
            previous = tonumber(stored)
          end
        end
        if previous and previousCycle == cycle then return previous end
        if basis < previousBasis then return -1 end
        local next = basis
        if previous and previous >= basis then next = previous + 1 end
        redis.call('HSET', KEYS[1], ARGV[1], string.format('%d %d %s', next, basis, cycle))
        return next
        """;

    public async Task<long?> CreatedAtAsync(string relay, Guid cycleId, long basis)
    {
        var createdAt = (long)await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [relay, cycleId.ToString("N"), basis]).ConfigureAwait(false);
        return createdAt < 0 ? null : createdAt;
    }
}
