using StackExchange.Redis;

namespace Nip66.Publisher;

/// <summary>
/// Hands out the created_at of each relay's 30166s. Per relay they strictly increase, so a replacement in the same
/// second cannot lose to its predecessor on the lowest-id tie-break. The clock remembers which cycle got the relay's
/// last value: a redelivered message of that cycle gets the same created_at again, so it re-signs the same event (same
/// id; relays answer <c>duplicate:</c>) instead of a second one.
/// </summary>
public interface ICreatedAtClock
{
    /// <summary>
    /// The created_at for the relay's 30166 of <paramref name="cycleId"/>, stating what was seen at
    /// <paramref name="basis"/> (Unix seconds: when the check finished). Null when the relay's last 30166 rests on a
    /// newer basis: a late or redelivered older result must not replace it.
    /// </summary>
    Task<long?> CreatedAtAsync(string relay, Guid cycleId, long basis);
}

/// <summary>One process (embedded mode): the memory goes with it, and with it the 30166s it signed.</summary>
public sealed class InMemoryCreatedAtClock : ICreatedAtClock
{
    private readonly Dictionary<string, (long CreatedAt, long Basis, Guid CycleId)> last = new(StringComparer.Ordinal);

    public Task<long?> CreatedAtAsync(string relay, Guid cycleId, long basis)
    {
        lock (last)
        {
            if (!last.TryGetValue(relay, out var previous))
            {
                last[relay] = (basis, basis, cycleId);
                return Task.FromResult<long?>(basis);
            }

            if (previous.CycleId == cycleId)
            {
                return Task.FromResult<long?>(previous.CreatedAt);
            }

            if (basis < previous.Basis)
            {
                return Task.FromResult<long?>(null);
            }

            var next = Math.Max(basis, previous.CreatedAt + 1);
            last[relay] = (next, basis, cycleId);
            return Task.FromResult<long?>(next);
        }
    }
}

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
