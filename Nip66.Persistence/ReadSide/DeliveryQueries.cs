using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.ReadSide;

/// <summary>How the deliveries to the publish relays went, for the status API's monitor view.</summary>
public sealed class DeliveryQueries(IDbContextFactory<MonitorDbContext> dbFactory)
{
    static readonly string Accepted = PersistenceNames.Outcome(DeliveryOutcome.Accepted);
    static readonly string Failed = PersistenceNames.Outcome(DeliveryOutcome.Failed);

    /// <summary>Each publish relay's health since <paramref name="since"/>, in the order given.</summary>
    public async Task<IReadOnlyList<PublishRelayHealth>> HealthAsync(IReadOnlyList<string> publishRelays, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publishRelays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var health = new List<PublishRelayHealth>(publishRelays.Count);
        foreach (var relay in publishRelays)
        {
            health.Add(await HealthAsync(db, relay, since, cancellationToken).ConfigureAwait(false));
        }

        return health;
    }

    /// <summary>The author (hex public key) of the newest event the monitor signed, or null before the first is stored.</summary>
    public async Task<string?> NewestSignerAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var newest = await db.PublishedEvents.AsNoTracking().OrderByDescending(e => e.SignedAt).Select(e => e.EventJson)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return newest is null ? null : Nostr.EventParser.Parse(newest).PubKey;
    }

    /// <summary>
    /// Attempts by outcome, deliveries still waiting for a retry (their latest attempt has a retry time) and given up
    /// (a last attempt that failed), the last failure.
    /// </summary>
    static async Task<PublishRelayHealth> HealthAsync(MonitorDbContext db, string relay, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var recent = db.EventDeliveries.AsNoTracking().Where(d => d.PublishRelay == relay && d.At >= since);
        var attempts = await recent.GroupBy(d => d.Outcome)
            .Select(g => new { Outcome = g.Key, Count = g.Count(), Last = g.Max(d => d.At) })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var pending = await recent.CountAsync(
            d => d.RetryAt != null && !db.EventDeliveries.Any(later => later.EventId == d.EventId && later.PublishRelay == d.PublishRelay && later.At > d.At),
            cancellationToken).ConfigureAwait(false);
        var givenUp = await recent.CountAsync(d => d.Outcome == Failed && d.RetryAt == null, cancellationToken).ConfigureAwait(false);
        var lastFailure = await recent.Where(d => d.Outcome != Accepted).OrderByDescending(d => d.At)
            .Select(d => new DeliveryFailure(d.At, d.Outcome, d.Message, d.EventId, d.Attempt, d.RetryAt))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        int Count(DeliveryOutcome outcome) => attempts.Where(a => a.Outcome == PersistenceNames.Outcome(outcome)).Sum(a => a.Count);
        DateTimeOffset? lastAt = attempts.Count == 0 ? null : attempts.Max(a => a.Last);
        return new PublishRelayHealth(
            relay, Count(DeliveryOutcome.Accepted), Count(DeliveryOutcome.Refused), Count(DeliveryOutcome.RefusedTemporarily), Count(DeliveryOutcome.Failed),
            pending, givenUp, lastAt, lastFailure);
    }
}
