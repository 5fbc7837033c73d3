using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Maintenance;

/// <summary>
/// Deletes what is past its retention (the rules are <see cref="MaintenanceService"/>'s "Pruning"), at most
/// <see cref="MaintenanceOptions.BatchSize"/> rows per statement, so that a year of data never loads into memory.
/// </summary>
internal sealed class RetentionPruner(MonitorDbContext db, MaintenanceOptions options)
{
    /// <summary>
    /// Prunes at <paramref name="now"/>: raw rows before <paramref name="rawCutoff"/> only up to
    /// <paramref name="rolledUpToId"/>, the highest id the rollup has read, so only rows whose hour is rolled up.
    /// </summary>
    public async Task<(long Raw, long Events, long Deliveries, long Cycles, long Rollups)> PruneAsync(
        DateTimeOffset now, DateTimeOffset rawCutoff, long rolledUpToId, CancellationToken cancellationToken)
    {
        var raw = await DeleteInBatchesAsync(
            db.CheckResults.Where(c => c.FinishedAt < rawCutoff && c.Id <= rolledUpToId).OrderBy(c => c.FinishedAt),
            cancellationToken).ConfigureAwait(false);

        var (events, deliveries) = await PruneEventLogAsync(now - options.EventLogRetention, cancellationToken).ConfigureAwait(false);

        var cycleCutoff = now - options.RawRetention;
        var cycles = await DeleteInBatchesAsync(
            db.Cycles.Where(c => c.StartedAt < cycleCutoff).OrderBy(c => c.StartedAt), cancellationToken).ConfigureAwait(false);

        long rollups = 0;
        if (options.RollupRetention is { } keep)
        {
            var rollupCutoff = MaintenanceService.FloorHour(now - keep);
            rollups = await DeleteInBatchesAsync(
                db.RelayHourly.Where(h => h.Hour < rollupCutoff).OrderBy(h => h.Hour), cancellationToken).ConfigureAwait(false);
        }

        return (raw, events, deliveries, cycles, rollups);
    }

    private async Task<(long Events, long Deliveries)> PruneEventLogAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long events = 0;
        long deliveries = 0;
        while (true)
        {
            var ids = await db.PublishedEvents.AsNoTracking()
                .Where(e => e.SignedAt < cutoff)
                .OrderBy(e => e.SignedAt)
                .Take(options.BatchSize)
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
            if (ids.Count < options.BatchSize)
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
    private async Task<long> DeleteInBatchesAsync<T>(IQueryable<T> ordered, CancellationToken cancellationToken)
        where T : class
    {
        long total = 0;
        while (true)
        {
            var deleted = await ordered.Take(options.BatchSize).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < options.BatchSize)
            {
                return total;
            }
        }
    }
}
