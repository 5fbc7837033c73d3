using StackExchange.Redis;

namespace Nip66.Scheduler.Sagas;

/// <summary>
/// One Redis hash per saga, <c>{prefix}{correlationId}</c>, with the fields <c>version</c> and <c>data</c> (the JSON).
/// Insert and compare-and-set run as Lua scripts, so each check and its write are one atomic step on the server:
/// no WATCH/MULTI, and no lock to leak when a process dies.
/// </summary>
public sealed class RedisSagaStore : IVersionedSagaStore
{
    private const string VersionField = "version";
    private const string DataField = "data";

    // ARGV[1] = JSON, ARGV[2] = expiry in milliseconds (0: none).
    private const string InsertScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return 0
        end
        redis.call('HSET', KEYS[1], 'version', 1, 'data', ARGV[1])
        local ttl = tonumber(ARGV[2])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        return 1
        """;

    // ARGV[1] = expected version, ARGV[2] = JSON, ARGV[3] = expiry in milliseconds (0: none).
    private const string UpdateScript = """
        local current = redis.call('HGET', KEYS[1], 'version')
        local expected = tonumber(ARGV[1])
        if not current or tonumber(current) ~= expected then
          return 0
        end
        redis.call('HSET', KEYS[1], 'version', expected + 1, 'data', ARGV[2])
        local ttl = tonumber(ARGV[3])
        if ttl > 0 then
          redis.call('PEXPIRE', KEYS[1], ttl)
        end
        return 1
        """;

    // ARGV[1] = expected version.
    private const string DeleteScript = """
        local current = redis.call('HGET', KEYS[1], 'version')
        if not current or tonumber(current) ~= tonumber(ARGV[1]) then
          return 0
        end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    private static readonly RedisValue[] Fields = [VersionField, DataField];

    private readonly IConnectionMultiplexer redis;
    private readonly int database;
    private readonly string prefix;
    private readonly long expiryMs;
    private long conflicts;

    public RedisSagaStore(IConnectionMultiplexer redis, string prefix, TimeSpan? expiry = null, int database = -1)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(prefix);
        if (expiry is { } e && e <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), e, "The saga expiry must be positive, or null for no expiry.");
        }

        this.redis = redis;
        this.prefix = prefix;
        this.database = database;
        expiryMs = expiry is { } ttl ? Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds)) : 0;
    }

    public long ConflictCount => Interlocked.Read(ref conflicts);

    /// <summary>The Redis key of a saga.</summary>
    public RedisKey KeyFor(Guid correlationId) => prefix + correlationId.ToString("D");

    public async Task<VersionedSagaDocument?> GetAsync(Guid correlationId)
    {
        var values = await Database.HashGetAsync(KeyFor(correlationId), Fields).ConfigureAwait(false);
        if (values.Length != 2 || values[0].IsNull || values[1].IsNull)
        {
            return null;
        }

        return new VersionedSagaDocument(values[1].ToString(), (int)values[0]);
    }

    public async Task<bool> TryInsertAsync(Guid correlationId, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = await Database.ScriptEvaluateAsync(InsertScript, [KeyFor(correlationId)], [json, expiryMs]).ConfigureAwait(false);
        return Outcome(result);
    }

    public async Task<bool> TryUpdateAsync(Guid correlationId, string json, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = await Database.ScriptEvaluateAsync(UpdateScript, [KeyFor(correlationId)], [expectedVersion, json, expiryMs]).ConfigureAwait(false);
        return Outcome(result);
    }

    public async Task<bool> TryDeleteAsync(Guid correlationId, int? expectedVersion = null)
    {
        if (expectedVersion is not { } expected)
        {
            return await Database.KeyDeleteAsync(KeyFor(correlationId)).ConfigureAwait(false);
        }

        var result = await Database.ScriptEvaluateAsync(DeleteScript, [KeyFor(correlationId)], [expected]).ConfigureAwait(false);
        return Outcome(result);
    }

    private IDatabase Database => redis.GetDatabase(database);

    private bool Outcome(RedisResult result)
    {
        if ((long)result == 1)
        {
            return true;
        }

        Interlocked.Increment(ref conflicts);
        return false;
    }
}
