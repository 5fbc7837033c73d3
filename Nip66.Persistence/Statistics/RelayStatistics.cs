using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;
using Nip66.Persistence.Maintenance;

namespace Nip66.Persistence.Statistics;

/// <summary>The database reading of <see cref="IRelayStatistics"/>: raw check results and hourly rollups.</summary>
public sealed class RelayStatistics(IDbContextFactory<MonitorDbContext> dbFactory) : IRelayStatistics
{
    static readonly string Online = PersistenceNames.Status(RelayStatus.Online);
    static readonly string Degraded = PersistenceNames.Status(RelayStatus.Degraded);

    public async Task<RelayUptime?> GetUptimeAsync(long relayId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await GetUptimeAsync([relayId], now, cancellationToken).ConfigureAwait(false)).GetValueOrDefault(relayId);

    public async Task<IReadOnlyDictionary<long, RelayUptime>> GetUptimeAsync(IReadOnlyCollection<long> relayIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relayIds);
        var all = relayIds.Count == 0 ? [] : await ComputeAsync([.. relayIds.Distinct()], now, cancellationToken).ConfigureAwait(false);
        return all.ToDictionary(u => u.RelayId);
    }

    /// <summary>
    /// Three queries, each limited to <paramref name="ids"/>: the relays, the raw rows since the split (status, time and
    /// round trips, from the covering index on check_results) and the rollup sums per relay (from the covering index on
    /// relay_hourly).
    /// </summary>
    async Task<List<RelayUptime>> ComputeAsync(List<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = now.ToUniversalTime();
        var dayStart = now - TimeSpan.FromDays(1);
        var weekStart = now - TimeSpan.FromDays(7);
        var monthStart = now - TimeSpan.FromDays(30);
        var split = MaintenanceService.FloorHour(dayStart);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var relays = await db.Relays.AsNoTracking().Where(r => ids.Contains(r.Id)).OrderBy(r => r.Id).Select(r => new { r.Id, r.Url }).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (relays.Count == 0)
        {
            return [];
        }

        // The raw part, [S, now]: all of it counts for 7 and 30 days, [now − 24 h, now] for the day and its round trips.
        var raw = new Dictionary<long, RawPart>();
        await foreach (var row in db.CheckResults.AsNoTracking()
            .Where(c => ids.Contains(c.RelayId) && c.FinishedAt >= split && c.FinishedAt <= now)
            .Select(c => new { c.RelayId, c.FinishedAt, c.Status, c.RttOpenMs, c.RttReadMs, c.RttWriteMs })
            .AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!raw.TryGetValue(row.RelayId, out var part))
            {
                part = new RawPart();
                raw.Add(row.RelayId, part);
            }

            var up = row.Status == Online || row.Status == Degraded ? 1 : 0;
            part.Since = new UptimeWindow(part.Since.Checks + 1, part.Since.Up + up);
            if (row.FinishedAt >= dayStart)
            {
                part.Day = new UptimeWindow(part.Day.Checks + 1, part.Day.Up + up);
                Add(part.Open, row.RttOpenMs);
                Add(part.Read, row.RttReadMs);
                Add(part.Write, row.RttWriteMs);
            }
        }

        // The rolled-up part: hours starting in [now − 30 d, S). One group per relay: grouping by relay and week too
        // costs SQLite a temporary B-tree, twice the time of the conditional sums.
        var hourly = await db.RelayHourly.AsNoTracking().Where(h => ids.Contains(h.RelayId) && h.Hour >= monthStart && h.Hour < split)
            .GroupBy(h => h.RelayId)
            .Select(g => new
            {
                RelayId = g.Key,
                Checks = g.Sum(h => h.Checks),
                Up = g.Sum(h => h.Online + h.Degraded),
                WeekChecks = g.Sum(h => h.Hour >= weekStart ? h.Checks : 0),
                WeekUp = g.Sum(h => h.Hour >= weekStart ? h.Online + h.Degraded : 0),
            })
            .ToDictionaryAsync(h => h.RelayId, cancellationToken).ConfigureAwait(false);

        var result = new List<RelayUptime>(relays.Count);
        foreach (var relay in relays)
        {
            var r = raw.GetValueOrDefault(relay.Id) ?? new RawPart();
            hourly.TryGetValue(relay.Id, out var h);
            var week = new UptimeWindow(h?.WeekChecks ?? 0, h?.WeekUp ?? 0);
            var month = new UptimeWindow(h?.Checks ?? 0, h?.Up ?? 0);
            result.Add(new RelayUptime(
                relay.Id,
                relay.Url,
                r.Day,
                new UptimeWindow(r.Since.Checks + week.Checks, r.Since.Up + week.Up),
                new UptimeWindow(r.Since.Checks + month.Checks, r.Since.Up + month.Up),
                ToPercentiles(r.Open),
                ToPercentiles(r.Read),
                ToPercentiles(r.Write)));
        }

        return result;
    }

    static RttPercentiles ToPercentiles(List<int> values)
    {
        var (p50, p95) = Percentile.Of(values);
        return new RttPercentiles(p50, p95);
    }

    static void Add(List<int> values, int? value)
    {
        if (value is { } v)
        {
            values.Add(v);
        }
    }

    /// <summary>One relay's raw rows since the split: up and all checks since then and in the day, the day's round trips.</summary>
    sealed class RawPart
    {
        public UptimeWindow Since { get; set; }

        public UptimeWindow Day { get; set; }

        public List<int> Open { get; } = [];

        public List<int> Read { get; } = [];

        public List<int> Write { get; } = [];
    }
}
