using System.Text.Json;
using StackExchange.Redis;

namespace Nip66.Scheduler.Deadlines;

/// <summary>
/// The deadlines in one Redis hash (field: the cycle id, value: the record as JSON), beside the cycle saga, so that any
/// scheduler process, a restarted one included, closes the cycles of its scope. The hash holds only the cycles not yet
/// swept, a handful at most: reading it whole on each sweep is cheaper than keeping an index.
/// </summary>
public sealed class RedisCycleDeadlines(IConnectionMultiplexer redis, string scope) : ICycleDeadlines
{
    private const string KeyPrefix = "nip66:cycle-deadlines";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RedisKey key = KeyFor(scope);

    /// <summary>
    /// The hash of a scope: <c>nip66:cycle-deadlines</c>, or <c>nip66:cycle-deadlines:{scope}</c>. A sweeper closes
    /// cycles through its own bus, so monitors sharing a Redis on different virtual hosts need their own hashes.
    /// </summary>
    public static RedisKey KeyFor(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Length == 0 ? KeyPrefix : $"{KeyPrefix}:{scope}";
    }

    public async Task AddAsync(CycleDeadline deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        await Database.HashSetAsync(key, Field(deadline.CycleId), JsonSerializer.Serialize(deadline, Json)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CycleDeadline>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var entries = await Database.HashGetAllAsync(key).ConfigureAwait(false);
        return [.. entries
            .Select(entry => JsonSerializer.Deserialize<CycleDeadline>(entry.Value.ToString(), Json)!)
            .Where(deadline => deadline.Deadline <= now)];
    }

    public async Task RemoveAsync(Guid cycleId, CancellationToken cancellationToken = default) =>
        await Database.HashDeleteAsync(key, Field(cycleId)).ConfigureAwait(false);

    private IDatabase Database => redis.GetDatabase();

    private static RedisValue Field(Guid cycleId) => cycleId.ToString("D");
}
