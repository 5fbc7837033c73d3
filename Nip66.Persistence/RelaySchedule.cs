using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>
/// When each relay is checked, in one place: the back-off rule a stored result applies to its relay
/// (<see cref="BackOff"/>, on the ladders of <see cref="BackoffLadder"/>), and the queries a cycle starts from, which
/// read what the rule wrote: the relays due now, and the ones resting although up, whose last 30166 is re-signed.
/// </summary>
public sealed class RelaySchedule(IDbContextFactory<MonitorDbContext> dbFactory)
{
    /// <summary>Enabled relays not backed off at <paramref name="now"/>, by configured priority (high first) then id.</summary>
    public async Task<IReadOnlyList<DueRelay>> GetDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Relays.AsNoTracking()
            .Where(r => r.Enabled && (r.NextCheckAt == null || r.NextCheckAt <= now))
            .OrderByDescending(r => r.Priority).ThenBy(r => r.Id)
            .Select(r => new DueRelay(r.Url, r.Priority, r.Origin, r.AllowPrivateAddresses))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> pending candidates due at <paramref name="now"/> (never tried, or their back-off
    /// over), the most mentioned first, then the oldest; never a URL already in the registry. Always guarded: a
    /// candidate is nobody's choice.
    /// </summary>
    public async Task<IReadOnlyList<DueRelay>> GetDueCandidatesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RelayCandidates.AsNoTracking()
            .Where(c => c.State == CandidateState.Pending && (c.NextTryAt == null || c.NextTryAt <= now) && !db.Relays.Any(r => r.Url == c.Url))
            .OrderByDescending(c => c.Authors).ThenBy(c => c.FirstSeenAt).ThenBy(c => c.Id)
            .Take(limit)
            .Select(c => new DueRelay(c.Url, 0, RelayOrigin.Discovered, false, true))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The relays a cycle leaves out because they are resting (<see cref="BackoffLadder.StrainDelay"/>) although up,
    /// each with the 30166 of its last check. The rest may be hours long; re-signing that event each cycle keeps its
    /// <c>created_at</c> within the announced frequency. A relay whose last check gave no 30166 (it did not speak
    /// NIP-01) is not listed: there is no good state to vouch for.
    /// </summary>
    public async Task<IReadOnlyList<RestedRelay>> GetRestedAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
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

    /// <summary>
    /// Moves a relay's back-off on by its newest result, finished at <paramref name="finished"/>: an offline relay
    /// climbs its failure class's ladder; an up relay that rate-limited a probe or let one time out rests, its status
    /// kept; a clean check makes it due at every cycle again.
    /// </summary>
    internal static void BackOff(Relay relay, RelayCheckResult result, DateTimeOffset finished)
    {
        TimeSpan delay;
        if (result.Status == RelayStatus.Offline)
        {
            relay.ConsecutiveFailures++;
            relay.ConsecutiveStrainedChecks = 0;
            delay = BackoffLadder.Delay(result.Failure?.Class, relay.ConsecutiveFailures);
        }
        else
        {
            relay.ConsecutiveFailures = 0;
            var rateLimited = result.Checks.Any(c => c.Failure == FailureClass.RateLimited);
            var timedOut = result.Checks.Any(c => c.Failure == FailureClass.Timeout);
            relay.ConsecutiveStrainedChecks = rateLimited || timedOut ? relay.ConsecutiveStrainedChecks + 1 : 0;
            delay = BackoffLadder.StrainDelay(rateLimited, timedOut, relay.ConsecutiveStrainedChecks);
        }

        relay.NextCheckAt = delay > TimeSpan.Zero ? finished + delay : null;
    }
}
