using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>
/// The relays a cycle leaves out because they are resting (<see cref="BackoffLadder.StrainDelay"/>) although up, each
/// with the 30166 of its last check. The rest may be hours long; re-signing that event each cycle keeps its
/// <c>created_at</c> within the announced frequency. A relay whose last check gave no 30166 (it did not speak NIP-01)
/// is not listed: there is no good state to vouch for.
/// </summary>
public sealed class RestedRelays(IDbContextFactory<MonitorDbContext> dbFactory)
{
    public async Task<IReadOnlyList<RestedRelay>> GetAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rested = await db.Relays.AsNoTracking()
            .Where(r => r.Enabled && r.NextCheckAt > now && r.ConsecutiveStrainedChecks > 0 && r.ConsecutiveFailures == 0)
            .Select(r => new
            {
                r.Url,
                LastCycle = db.CheckResults.Where(c => c.RelayId == r.Id).OrderByDescending(c => c.FinishedAt).Select(c => (Guid?)c.CycleId).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rested.Count == 0)
        {
            return [];
        }

        var urls = rested.Select(r => r.Url).ToList();
        var cycles = rested.Select(r => r.LastCycle).OfType<Guid>().Distinct().ToList();

        // Only 30166s carry a relay URL in the event log.
        var events = await db.PublishedEvents.AsNoTracking()
            .Where(e => e.RelayUrl != null && urls.Contains(e.RelayUrl) && e.CycleId != null && cycles.Contains(e.CycleId.Value))
            .Select(e => new { Url = e.RelayUrl!, CycleId = e.CycleId!.Value, e.CreatedAt, e.EventJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var lastOf = rested.Where(r => r.LastCycle is not null).ToDictionary(r => r.Url, r => r.LastCycle!.Value, StringComparer.Ordinal);
        return [.. events
            .Where(e => lastOf.TryGetValue(e.Url, out var last) && last == e.CycleId)
            .GroupBy(e => e.Url, StringComparer.Ordinal)
            .Select(g => new RestedRelay(g.Key, g.MaxBy(e => e.CreatedAt)!.EventJson))];
    }
}
