using System.Text.Json;
using Nip66.Contracts;
using StackExchange.Redis;

namespace Nip66.Persistence.Status;

/// <summary>
/// The shared status store: one Redis hash (default <c>nip66:status</c>), field = relay URL, value = small JSON
/// <c>{"status":"online","rttOpen":120,"rttRead":80,"rttWrite":95,"failure":"timeout","checkedAt":"..."}</c>.
/// </summary>
public sealed class RedisLatestStatusStore(IConnectionMultiplexer redis, string key = PersistenceOptions.DefaultStatusKey) : ILatestStatusStore
{
    readonly RedisKey _key = new(key);

    public async Task SetAsync(IReadOnlyCollection<LatestStatus> statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var newest = new Dictionary<string, LatestStatus>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            if (!newest.TryGetValue(status.Url, out var current) || status.CheckedAt >= current.CheckedAt)
            {
                newest[status.Url] = status;
            }
        }

        if (newest.Count == 0)
        {
            return;
        }

        var entries = newest.Values
            .Select(s => new HashEntry(s.Url, JsonSerializer.Serialize(StatusValue.From(s), PersistenceNames.Json)))
            .ToArray();
        await redis.GetDatabase().HashSetAsync(_key, entries).ConfigureAwait(false);
    }

    public async Task<LatestStatus?> GetAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var value = await redis.GetDatabase().HashGetAsync(_key, url).ConfigureAwait(false);
        return value.IsNullOrEmpty ? null : Parse(url, value.ToString());
    }

    public async Task<IReadOnlyList<LatestStatus>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(_key).ConfigureAwait(false);
        return [.. entries
            .Select(e => Parse(e.Name.ToString(), e.Value.ToString()))
            .OrderBy(s => s.Url, StringComparer.Ordinal)];
    }

    static LatestStatus Parse(string url, string json)
    {
        var value = JsonSerializer.Deserialize<StatusValue>(json, PersistenceNames.Json)
            ?? throw new InvalidDataException($"Empty status for {url}.");
        return new LatestStatus(url, value.Status, value.RttOpen, value.RttRead, value.RttWrite, value.Failure, value.CheckedAt);
    }

    internal sealed record StatusValue(
        RelayStatus Status, int? RttOpen, int? RttRead, int? RttWrite, FailureClass? Failure, DateTimeOffset CheckedAt)
    {
        public static StatusValue From(LatestStatus s) =>
            new(s.Status, s.RttOpenMs, s.RttReadMs, s.RttWriteMs, s.FailureClass, s.CheckedAt);
    }
}
