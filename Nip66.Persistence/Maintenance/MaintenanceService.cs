using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Maintenance;

/// <summary>
/// Keeps the database bounded: rolls check_results up into relay_hourly (here, its progress kept by
/// <see cref="RollupWatermarks"/>), then deletes what is past its retention (<see cref="RetentionPruner"/>), and
/// retires discovered relays offline too long (<see cref="DiscoveredRelayRetirement"/>).
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
    static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>The most hours recomputed in one transaction.</summary>
    static readonly TimeSpan MaxRange = TimeSpan.FromHours(24);
    static readonly string Online = PersistenceNames.Status(RelayStatus.Online);
    static readonly string Degraded = PersistenceNames.Status(RelayStatus.Degraded);

    readonly IDbContextFactory<MonitorDbContext> _dbFactory;
    readonly MaintenanceOptions _options;
    readonly DiscoveryOptions _discovery;
    readonly TimeProvider _time;

    public MaintenanceService(IDbContextFactory<MonitorDbContext> dbFactory, MaintenanceOptions options, DiscoveryOptions discovery, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _dbFactory = dbFactory;
        _options = options;
        _discovery = discovery;
        _time = time;
    }

    public MaintenanceOptions Options => _options;

    /// <summary>Rolls up the complete hours not yet rolled up (or with late results), prunes, then retires.</summary>
    public async Task<MaintenanceReport> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        now = now.ToUniversalTime();
        var rawCutoff = FloorHour(now - _options.RawRetention);

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rollup = await RollUpAsync(db, now, rawCutoff, cancellationToken).ConfigureAwait(false);
        var pruned = await new RetentionPruner(db, _options).PruneAsync(now, rawCutoff, rollup.ReadUpToId, cancellationToken).ConfigureAwait(false);
        var retired = await new DiscoveredRelayRetirement(db, _discovery.RetireOfflineAfter, _options.BatchSize).RetireAsync(now, cancellationToken).ConfigureAwait(false);
        DiscoveryMetrics.Retired(CandidateReasons.Offline, retired);

        return new MaintenanceReport(
            now, rollup.Hours, rollup.Rows, pruned.Raw, pruned.Events, pruned.Deliveries, pruned.Cycles, pruned.Rollups, retired, _time.GetElapsedTime(started));
    }

    /// <summary>The start of the UTC hour of <paramref name="value"/>.</summary>
    public static DateTimeOffset FloorHour(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    async Task<RollupResult> RollUpAsync(MonitorDbContext db, DateTimeOffset now, DateTimeOffset rawCutoff, CancellationToken cancellationToken)
    {
        var (scanFrom, previousMax, closedBefore) = await RollupWatermarks.ReadAsync(db, cancellationToken).ConfigureAwait(false);

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

        await RollupWatermarks.WriteAsync(db, nextScanFrom, readUpTo, prunedBefore, cancellationToken).ConfigureAwait(false);

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

    static void AddIfPresent(List<int> values, int? value)
    {
        if (value is { } v)
        {
            values.Add(v);
        }
    }

    /// <summary>The columns of one raw row that a rollup needs.</summary>
    internal readonly record struct Sample(long RelayId, DateTimeOffset FinishedAt, string Status, int? RttOpenMs, int? RttReadMs, int? RttWriteMs);

    readonly record struct RollupResult(int Hours, int Rows, long ReadUpToId);
}
