using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Maintenance;

/// <summary>
/// Retires the discovered relays not up for <c>Discovery:RetireOfflineDays</c>, counted from their last online
/// check or, never up since, from their promotion (the row's <see cref="Relay.AddedAt"/>): disabled, with
/// <see cref="Relay.RetiredAt"/> and the reason <see cref="CandidateReasons.Offline"/>, their history kept; their
/// candidate rows retired with them. Operator relays are never retired. At most <see cref="MaintenanceOptions.BatchSize"/>
/// relays per statement.
/// </summary>
internal sealed class DiscoveredRelayRetirement(MonitorDbContext db, TimeSpan offlineAfter, int batchSize)
{
    /// <summary>Retires at <paramref name="now"/>; the number of relays retired.</summary>
    public async Task<long> RetireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - offlineAfter;
        var due = db.Relays.Where(r => r.Origin == RelayOrigin.Discovered && r.RetiredAt == null && (r.LastOnlineAt ?? r.AddedAt) < cutoff);
        long retired = 0;
        while (true)
        {
            var ids = await due.OrderBy(r => r.Id).Select(r => r.Id).Take(batchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (ids.Count == 0)
            {
                break;
            }

            // The condition again: a relay whose check came in since the read stays.
            retired += await due.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Enabled, false)
                .SetProperty(r => r.RetiredAt, now)
                .SetProperty(r => r.RetiredReason, CandidateReasons.Offline), cancellationToken).ConfigureAwait(false);
            if (ids.Count < batchSize)
            {
                break;
            }
        }

        // Every promoted candidate whose relay is retired, so a run that stopped between the two statements is made whole.
        await db.RelayCandidates
            .Where(c => c.State == CandidateState.Promoted && db.Relays.Any(r => r.Url == c.Url && r.RetiredAt != null && r.RetiredReason == CandidateReasons.Offline))
            .ExecuteUpdateAsync(u => u
                .SetProperty(c => c.State, CandidateState.Retired)
                .SetProperty(c => c.Reason, CandidateReasons.Offline)
                .SetProperty(c => c.RetiredAt, now), cancellationToken).ConfigureAwait(false);
        return retired;
    }
}
