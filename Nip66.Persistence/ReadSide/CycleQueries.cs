using Microsoft.EntityFrameworkCore;
using Nip66.Nostr.Discovery;

namespace Nip66.Persistence.ReadSide;

/// <summary>Cycles as the status API lists them and as <c>run --once</c> waits for and summarizes one.</summary>
public sealed class CycleQueries(IDbContextFactory<MonitorDbContext> dbFactory)
{
    public const int MaxCycles = 1000;

    /// <summary>The newest <paramref name="limit"/> cycles, judged on time against <paramref name="frequency"/>.</summary>
    public async Task<IReadOnlyList<CycleView>> ListAsync(int limit, TimeSpan frequency, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxCycles);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var cycles = await db.Cycles.AsNoTracking().OrderByDescending(c => c.StartedAt).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. cycles.Select(c =>
        {
            double? duration = c.CompletedAt is { } completed ? (completed - c.StartedAt).TotalSeconds : null;
            var onTime = c.CompletedAt is not null && !c.TimedOut && duration <= frequency.TotalSeconds;
            return new CycleView(c.Id, c.StartedAt, c.CompletedAt, c.Expected, c.Checked, c.Online, c.Degraded, c.Offline, duration, c.TimedOut, onTime);
        })];
    }

    /// <summary>What the database holds of a cycle of <paramref name="expected"/> relays published to <paramref name="publishRelays"/> relays.</summary>
    public async Task<CycleProgress> ProgressAsync(Guid cycleId, int expected, int publishRelays, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // A candidate's check that promoted it is a check result; one that did not is kept on the candidate alone.
        var stored = await db.CheckResults.CountAsync(r => r.CycleId == cycleId, cancellationToken).ConfigureAwait(false)
            + await db.RelayCandidates.CountAsync(c => c.LastCycleId == cycleId && c.PromotedAt == null, cancellationToken).ConfigureAwait(false);
        // Publishable results whose 30166 is not stored yet; the cycle's other 30166s (refreshes of resting relays)
        // do not stand in for them.
        var unsigned = await db.CheckResults.CountAsync(r => r.CycleId == cycleId && r.Publishable
            && !db.PublishedEvents.Any(e => e.CycleId == cycleId && e.Kind == RelayDiscovery.Kind && e.RelayUrl == r.Relay!.Url), cancellationToken).ConfigureAwait(false);
        var events = await db.PublishedEvents.Where(e => e.CycleId == cycleId).Select(e => e.EventId).ToListAsync(cancellationToken).ConfigureAwait(false);
        // A delivery is done at its last attempt (accepted, refused or given up): the one with no retry time.
        var delivered = await db.EventDeliveries.CountAsync(d => events.Contains(d.EventId) && d.RetryAt == null, cancellationToken).ConfigureAwait(false);
        var closed = await db.Cycles.AnyAsync(c => c.Id == cycleId && c.CompletedAt != null, cancellationToken).ConfigureAwait(false);
        return new CycleProgress(expected, stored, unsigned, events.Count, delivered, Math.Max(0, (events.Count * publishRelays) - delivered), closed);
    }

    /// <summary>The cycle's 30166 events, its deliveries to each of <paramref name="publishRelays"/>, and its results by URL.</summary>
    public async Task<CycleReport> ReportAsync(Guid cycleId, IReadOnlyList<string> publishRelays, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publishRelays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var results = await db.CheckResults.AsNoTracking().Where(r => r.CycleId == cycleId)
            .Select(r => new CycleResultLine(r.Relay!.Url, r.Status, new RoundTrips(r.RttOpenMs, r.RttReadMs, r.RttWriteMs), r.FailureCheck, r.FailureClass))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var events = await db.PublishedEvents.AsNoTracking().Where(e => e.CycleId == cycleId).Select(e => e.EventId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var deliveries = await db.EventDeliveries.AsNoTracking().Where(d => events.Contains(d.EventId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var publish = publishRelays.Select(relay => new PublishOutcomes(relay, [.. deliveries
            .Where(d => d.PublishRelay == relay)
            .GroupBy(d => d.EventId)
            .Select(g => g.MaxBy(d => d.At)!)
            .GroupBy(d => d.RetryAt is null ? d.Outcome : PublishOutcomes.Retrying)
            .Select(g => KeyValuePair.Create(g.Key, g.Count()))])).ToList();
        return new CycleReport(events.Count, publish, [.. results.OrderBy(r => r.Url, StringComparer.Ordinal)]);
    }
}
