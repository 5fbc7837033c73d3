using System.Globalization;
using Nip66.Nostr;
using StackExchange.Redis;

namespace Nip66.Publisher;

/// <summary>
/// Distributed mode: one hash per monitor key, one field per kind holding <c>"fingerprint unix-seconds"</c>, shared by
/// every publisher and kept across restarts.
/// </summary>
public sealed class RedisMonitorEventLedger(IConnectionMultiplexer redis, string key) : IMonitorEventLedger
{
    public static string KeyFor(NostrKeys keys) => "nip66:monitor-events:" + keys.PublicKeyHex;

    public async Task<MonitorEventRecord?> LastAsync(int kind)
    {
        var value = (string?)await redis.GetDatabase().HashGetAsync(key, kind).ConfigureAwait(false);
        var parts = value?.Split(' ');
        return parts is [var fingerprint, var seconds] && long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? new MonitorEventRecord(fingerprint, DateTimeOffset.FromUnixTimeSeconds(at))
            : null;
    }

    public Task RecordAsync(int kind, MonitorEventRecord record) =>
        redis.GetDatabase().HashSetAsync(key, kind, string.Create(CultureInfo.InvariantCulture, $"{record.Fingerprint} {record.At.ToUnixTimeSeconds()}"));
}
