using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Maintenance;

/// <summary>
/// Keeps the database bounded: rolls check_results up into relay_hourly, then deletes what is past its retention.
/// Run it in one place (the scheduler role), not concurrently with itself.
/// </summary>
/// <remarks>
/// <para>
/// <b>Which hours are rolled up.</b> check_results ids only grow, so the service keeps an id watermark in
/// monitor_settings and each run reads (id, finished_at) of the rows above it, in batches. The UTC hour of every
/// such row that is complete at <c>now</c> is recomputed from all of that hour's raw rows: its relay_hourly rows are
/// deleted and written again in one transaction (consecutive hours together, up to 24 hours or about
/// <see cref="MaintenanceOptions.BatchSize"/> rows per transaction). Re-running therefore writes the same rows, and a result that
/// arrives late for an hour already rolled up makes that hour recompute on the next run. Rows of the hour still
/// under way (or the next one) hold the watermark back, so their hour is recomputed once it is complete; a row
/// stamped further ahead does not, so that one wrong clock cannot pin it. The watermark also trails
/// one run behind, so that a row committed after a higher id had been read (two writers on PostgreSQL) is still
/// seen by the next run; that costs re-reading the rows of one interval.
/// </para>
/// <para>
/// <b>Pruning.</b> check_results are deleted by whole hours (before the start of the hour
/// <c>now − RawRetention</c> falls in) and only up to the highest id the run has read, so only rows whose hour has
/// been rolled up. Hours before that cut are closed: a result arriving for one (more than RawRetention late) adds
/// a relay_hourly row only if its relay has none for that hour, and is otherwise dropped with the other old rows.
/// Cycles go after RawRetention (by started_at); published_events after EventLogRetention (by signed_at) with
/// their event_deliveries, and deliveries older than that whose event was never stored; relay_hourly after
/// RollupRetention when set. Every statement reads or deletes at most <see cref="MaintenanceOptions.BatchSize"/>
/// rows (the deliveries of that many events for event_deliveries), so a year of data never loads into memory; the
/// largest read is the raw rows (status and round trips only) of one run of hours, or of one hour when it has more
/// than BatchSize.
/// </para>
/// </remarks>
public sealed class MaintenanceService
{
    internal const string ScanFromKey = "maintenance.rollup.scan_from";
    internal const string LastMaxIdKey = "maintenance.rollup.last_max_id";
    internal const string PrunedBeforeKey = "maintenance.raw.pruned_before";

    static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>The most hours recomputed in one transaction.</summary>
    static readonly TimeSpan MaxRange = TimeSpan.FromHours(24);
    static readonly string Online = PersistenceNames.Status(RelayStatus.Online);
    static readonly string Degraded = PersistenceNames.Status(RelayStatus.Degraded);

    readonly IDbContextFactory<MonitorDbContext> _dbFactory;
    readonly MaintenanceOptions _options;
    readonly TimeProvider _time;

    public MaintenanceService(IDbContextFactory<MonitorDbContext> dbFactory, MaintenanceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _dbFactory = dbFactory;
        _options = options;
        _time = time;
    }

    public MaintenanceOptions Options => _options;

    /// <summary>Rolls up the complete hours not yet rolled up (or with late results), then prunes.</summary>
    public async Task<MaintenanceReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        now = now.ToUniversalTime();
        var rawCutoff = FloorHour(now - _options.RawRetention);

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rollup = await RollUpAsync(db, now, rawCutoff, cancellationToken).ConfigureAwait(false);

        var rawDeleted = await DeleteInBatchesAsync(
            db.CheckResults.Where(c => c.FinishedAt < rawCutoff && c.Id <= rollup.ReadUpToId).OrderBy(c => c.FinishedAt),
            cancellationToken).ConfigureAwait(false);

        var (events, deliveries) = await PruneEventLogAsync(db, now - _options.EventLogRetention, cancellationToken).ConfigureAwait(false);

        var cycleCutoff = now - _options.RawRetention;
        var cycles = await DeleteInBatchesAsync(
            db.Cycles.Where(c => c.StartedAt < cycleCutoff).OrderBy(c => c.StartedAt), cancellationToken).ConfigureAwait(false);

        long rollups = 0;
        if (_options.RollupRetention is { } keep)
        {
            var rollupCutoff = FloorHour(now - keep);
            rollups = await DeleteInBatchesAsync(
                db.RelayHourly.Where(h => h.Hour < rollupCutoff).OrderBy(h => h.Hour), cancellationToken).ConfigureAwait(false);
        }

        return new MaintenanceReport(
            now, rollup.Hours, rollup.Rows, rawDeleted, events, deliveries, cycles, rollups, _time.GetElapsedTime(started));
    }

    /// <summary>The start of the UTC hour of <paramref name="value"/>.</summary>
    public static DateTimeOffset FloorHour(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    async Task<RollupResult> RollUpAsync(MonitorDbContext db, DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken)
    {
        string[] keys = [ScanFromKey, LastMaxIdKey, PrunedBeforeKey];
        var settings = await db.MonitorSettings.AsNoTracking()
            .Where(s => keys.Contains(s.Key))
            .ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var scanFrom = ReadLong(settings, ScanFromKey) ?? 0;
        var previousMax = ReadLong(settings, LastMaxIdKey);
        DateTimeOffset? closedBefore = ReadLong(settings, PrunedBeforeKey) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

        // The hours of the rows above the watermark; the first row of an hour not yet complete holds it back.
        var currentHour = FloorHour(now);
        var dirty = new SortedDictionary<DateTimeOffset, int>(); // hour → rows read for it
        long? firstIncomplete = null;
        var readUpTo = Math.Max(scanFrom, previousMax ?? 0);
        var cursor = scanFrom;
        while (true)
        {
            var after = cursor;
            var batch = await db.CheckResults.AsNoTracking()
                .Where(c => c.Id > after)
                .OrderBy(c => c.Id)
                .Take(_options.BatchSize)
                .Select(c => new { c.Id, c.FinishedAt })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var row in batch)
            {
                var hour = FloorHour(row.FinishedAt);
                if (hour < currentHour)
                {
                    dirty[hour] = dirty.GetValueOrDefault(hour) + 1;
                }
                else if (hour <= currentHour + OneHour)
                {
                    // This hour or the next (a checker's clock a little ahead); a row further ahead does not hold
                    // the watermark, its hour is recomputed when results of that hour arrive.
                    firstIncomplete ??= row.Id;
                }
            }

            if (batch.Count > 0)
            {
                cursor = batch[^1].Id;
                readUpTo = Math.Max(readUpTo, cursor);
            }

            if (batch.Count < _options.BatchSize)
            {
                break;
            }
        }

        var rows = 0;
        foreach (var (start, end, closed) in Ranges(dirty, closedBefore))
        {
            rows += await RollUpRangeAsync(db, start, end, closed, cancellationToken).ConfigureAwait(false);
        }

        // Next time, read again from the highest id of the previous run (none before the first run), and from the
        // hour still under way.
        var nextScanFrom = previousMax ?? readUpTo;
        if (firstIncomplete is { } first)
        {
            nextScanFrom = Math.Min(nextScanFrom, first - 1);
        }

        nextScanFrom = Math.Clamp(nextScanFrom, scanFrom, readUpTo);

        // Recorded before any raw row goes: from here on the hours before the cut may be partly deleted.
        var prunedBefore = closedBefore is { } before && before > rawCutoff ? before : rawCutoff;

        await WriteSettingsAsync(
            db,
            [(ScanFromKey, nextScanFrom), (LastMaxIdKey, readUpTo), (PrunedBeforeKey, prunedBefore.UtcTicks)],
            cancellationToken).ConfigureAwait(false);

        return new RollupResult(dirty.Count, rows, readUpTo);
    }

    /// <summary>
    /// Groups the dirty hours into runs of consecutive hours, all closed or all open, of at most 24 hours and (as far
    /// as the rows read tell) <see cref="MaintenanceOptions.BatchSize"/> rows; an hour with more rows is a run alone.
    /// </summary>
    List<(DateTimeOffset Start, DateTimeOffset End, bool Closed)> Ranges(SortedDictionary<DateTimeOffset, int> dirty, DateTimeOffset? closedBefore)
    {
        var ranges = new List<(DateTimeOffset Start, DateTimeOffset End, bool Closed)>();
        DateTimeOffset start = default, end = default;
        var closed = false;
        var rows = 0;
        foreach (var (hour, count) in dirty)
        {
            var hourClosed = closedBefore is { } before && hour < before;
            var extends = rows > 0 && hour == end && hourClosed == closed
                && end - start < MaxRange && rows + count <= _options.BatchSize;
            if (extends)
            {
                end = hour + OneHour;
                rows += count;
                continue;
            }

            if (rows > 0)
            {
                ranges.Add((start, end, closed));
            }

            (start, end, closed, rows) = (hour, hour + OneHour, hourClosed, count);
        }

        if (rows > 0)
        {
            ranges.Add((start, end, closed));
        }

        return ranges;
    }

    /// <summary>
    /// Recomputes the hours in [<paramref name="start"/>, <paramref name="end"/>) of every relay with results in them,
    /// in one transaction; closed hours only gain the relays that have no row for them.
    /// </summary>
    static async Task<int> RollUpRangeAsync(MonitorDbContext db, DateTimeOffset start, DateTimeOffset end, bool closed, CancellationToken cancellationToken)
    {
        var samples = await db.CheckResults.AsNoTracking()
            .Where(c => c.FinishedAt >= start && c.FinishedAt < end)
            .Select(c => new Sample(c.RelayId, c.FinishedAt, c.Status, c.RttOpenMs, c.RttReadMs, c.RttWriteMs))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var rollups = Summarize(samples);

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (closed)
            {
                var existing = await db.RelayHourly
                    .Where(h => h.Hour >= start && h.Hour < end)
                    .Select(h => new { h.RelayId, h.Hour })
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                var kept = existing.Select(h => (h.RelayId, h.Hour.UtcTicks)).ToHashSet();
                rollups.RemoveAll(r => kept.Contains((r.RelayId, r.Hour.UtcTicks)));
            }
            else
            {
                await db.RelayHourly.Where(h => h.Hour >= start && h.Hour < end).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }

            db.RelayHourly.AddRange(rollups);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        db.ChangeTracker.Clear();
        return rollups.Count;
    }

    /// <summary>One relay_hourly row per relay and UTC hour of <paramref name="samples"/>.</summary>
    internal static List<RelayHourly> Summarize(IEnumerable<Sample> samples)
    {
        var rollups = new List<RelayHourly>();
        foreach (var relay in samples.GroupBy(s => (s.RelayId, Hour: FloorHour(s.FinishedAt))).OrderBy(g => g.Key))
        {
            var row = new RelayHourly { RelayId = relay.Key.RelayId, Hour = relay.Key.Hour };
            List<int> open = [], read = [], write = [];
            foreach (var sample in relay)
            {
                row.Checks++;
                if (sample.Status == Online)
                {
                    row.Online++;
                }
                else if (sample.Status == Degraded)
                {
                    row.Degraded++;
                }
                else
                {
                    row.Offline++;
                }

                AddIfPresent(open, sample.RttOpenMs);
                AddIfPresent(read, sample.RttReadMs);
                AddIfPresent(write, sample.RttWriteMs);
            }

            (row.RttOpenP50, row.RttOpenP95) = Percentile.Of(open);
            (row.RttReadP50, row.RttReadP95) = Percentile.Of(read);
            (row.RttWriteP50, row.RttWriteP95) = Percentile.Of(write);
            rollups.Add(row);
        }

        return rollups;
    }

    async Task<(long Events, long Deliveries)> PruneEventLogAsync(MonitorDbContext db, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long events = 0;
        long deliveries = 0;
        while (true)
        {
            var ids = await db.PublishedEvents.AsNoTracking()
                .Where(e => e.SignedAt < cutoff)
                .OrderBy(e => e.SignedAt)
                .Take(_options.BatchSize)
                .Select(e => e.EventId)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                break;
            }

            // The deliveries first: a failure in between leaves events without deliveries, never the reverse. The ids
            // go as one parameter (a JSON array on SQLite, an array on PostgreSQL), not one parameter each.
            deliveries += await db.EventDeliveries.Where(d => EF.Parameter(ids).Contains(d.EventId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            events += await db.PublishedEvents.Where(e => EF.Parameter(ids).Contains(e.EventId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count < _options.BatchSize)
            {
                break;
            }
        }

        // Deliveries whose event was never stored (or came after its event was deleted).
        deliveries += await DeleteInBatchesAsync(
            db.EventDeliveries
                .Where(d => d.At < cutoff && !db.PublishedEvents.Any(e => e.EventId == d.EventId))
                .OrderBy(d => d.At),
            cancellationToken).ConfigureAwait(false);
        return (events, deliveries);
    }

    /// <summary>Deletes the rows of <paramref name="ordered"/>, <see cref="MaintenanceOptions.BatchSize"/> per statement.</summary>
    async Task<long> DeleteInBatchesAsync<T>(IQueryable<T> ordered, CancellationToken cancellationToken)
        where T : class
    {
        long total = 0;
        while (true)
        {
            var deleted = await ordered.Take(_options.BatchSize).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < _options.BatchSize)
            {
                return total;
            }
        }
    }

    static void AddIfPresent(List<int> values, int? value)
    {
        if (value is { } v)
        {
            values.Add(v);
        }
    }

    static long? ReadLong(Dictionary<string, MonitorSetting> settings, string key) =>
        settings.TryGetValue(key, out var setting) && long.TryParse(setting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    static async Task WriteSettingsAsync(MonitorDbContext db, (string Key, long Value)[] values, CancellationToken cancellationToken)
    {
        var keys = values.Select(v => v.Key).ToArray();
        var stored = await db.MonitorSettings
            .Where(s => keys.Contains(s.Key))
            .ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in values)
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (stored.TryGetValue(key, out var setting))
            {
                setting.Value = text;
            }
            else
            {
                db.MonitorSettings.Add(new MonitorSetting { Key = key, Value = text });
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    /// <summary>The columns of one raw row that a rollup needs.</summary>
    internal readonly record struct Sample(long RelayId, DateTimeOffset FinishedAt, string Status, int? RttOpenMs, int? RttReadMs, int? RttWriteMs);

    readonly record struct RollupResult(int Hours, int Rows, long ReadUpToId);
}
