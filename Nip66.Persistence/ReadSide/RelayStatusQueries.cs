using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;
using Nip66.Persistence.Statistics;

namespace Nip66.Persistence.ReadSide;

/// <summary>
/// The relays as the status API, <c>relays list</c> and the status page read them. Filtering, sorting, counting and
/// paging run in SQL on the relays table (which holds each relay's latest check); uptime and percentiles are
/// computed by <see cref="IRelayStatistics"/> for the rows of the page only, so a page costs the same at 100 relays
/// or 100,000.
/// </summary>
public sealed class RelayStatusQueries(IDbContextFactory<MonitorDbContext> dbFactory, IRelayStatistics statistics)
{
    /// <summary>The most check results returned as one relay's history.</summary>
    public const int HistoryLimit = 2000;

    /// <summary>How far back a relay's history goes.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(7);

    static readonly string Online = PersistenceNames.Status(RelayStatus.Online);
    static readonly string Degraded = PersistenceNames.Status(RelayStatus.Degraded);
    static readonly string Offline = PersistenceNames.Status(RelayStatus.Offline);

    /// <summary>One page of the relays that match <paramref name="query"/>, with uptime as of <paramref name="now"/>.</summary>
    public async Task<RelayStatusPage> ListAsync(RelayListQuery query, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var relays = Filter(db.Relays.AsNoTracking(), query);
        var total = await relays.CountAsync(cancellationToken).ConfigureAwait(false);
        // Only the columns the page shows (not the NIP-11 document, nor the back-off fields).
        var rows = await Order(relays, query.Sort, query.Descending)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(r => new Relay
            {
                Id = r.Id,
                Url = r.Url,
                Network = r.Network,
                Origin = r.Origin,
                Enabled = r.Enabled,
                LastStatus = r.LastStatus,
                LastCheckedAt = r.LastCheckedAt,
                LastOnlineAt = r.LastOnlineAt,
                LastFailureClass = r.LastFailureClass,
                LastRttOpenMs = r.LastRttOpenMs,
                LastRttReadMs = r.LastRttReadMs,
                LastRttWriteMs = r.LastRttWriteMs,
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var uptime = await statistics.GetUptimeAsync([.. rows.Select(r => r.Id)], now, cancellationToken).ConfigureAwait(false);
        return new RelayStatusPage(total, query.Page, query.PageSize, [.. rows.Select(r => ToItem(r, uptime.GetValueOrDefault(r.Id)))]);
    }

    /// <summary>One relay (by normalized URL) with its NIP-11 document and the checks of the last 7 days; null when unknown.</summary>
    public async Task<RelayStatusDetail?> GetAsync(string normalizedUrl, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var relay = await db.Relays.AsNoTracking().SingleOrDefaultAsync(r => r.Url == normalizedUrl, cancellationToken).ConfigureAwait(false);
        if (relay is null)
        {
            return null;
        }

        var since = now - HistoryWindow;
        var history = await db.CheckResults.AsNoTracking()
            .Where(c => c.RelayId == relay.Id && c.FinishedAt >= since)
            .OrderByDescending(c => c.FinishedAt)
            .Take(HistoryLimit)
            .Select(c => new RelayHistoryPoint(c.FinishedAt, c.Status, new RoundTrips(c.RttOpenMs, c.RttReadMs, c.RttWriteMs), c.FailureClass))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        history.Reverse();
        var uptime = await statistics.GetUptimeAsync(relay.Id, now, cancellationToken).ConfigureAwait(false);
        var provenance = await db.RelayCandidates.AsNoTracking()
            .Where(c => c.Url == normalizedUrl)
            .Select(c => new RelayProvenance(c.FirstSourceKind, c.FirstEventId, c.FirstAuthor, c.FirstSeenAt, c.LastSeenAt, c.Authors, c.PromotedAt))
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var retired = relay.RetiredAt is { } at ? new RelayRetirement(at, relay.RetiredReason) : null;
        return new RelayStatusDetail(ToItem(relay, uptime), relay.Nip11Json, history, provenance, retired);
    }

    /// <summary>
    /// Every relay (of <paramref name="origin"/>, when given), enabled or not, with its registry fields and latest status,
    /// by id (<c>relays list</c>).
    /// </summary>
    public async Task<IReadOnlyList<RelayInfo>> ListAllAsync(RelayOrigin? origin = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Relays.AsNoTracking()
            .Where(r => origin == null || r.Origin == origin)
            .OrderBy(r => r.Id)
            .Select(r => new RelayInfo(
                r.Id, r.Url, r.Enabled, r.Origin, r.Priority, r.AddedAt, r.Notes, r.LastStatus, r.LastCheckedAt, r.LastOnlineAt,
                r.LastFailureClass, r.ConsecutiveFailures, r.NextCheckAt, r.ConsecutiveStrainedChecks))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    static IQueryable<Relay> Filter(IQueryable<Relay> relays, RelayListQuery query)
    {
        if (query.Status == RelayListQuery.Unknown)
        {
            relays = relays.Where(r => r.LastStatus == null);
        }
        else if (query.Status is { } status)
        {
            relays = relays.Where(r => r.LastStatus == status);
        }

        if (query.Network is { } network)
        {
            relays = relays.Where(r => r.Network == network);
        }

        if (query.Origin is { } origin)
        {
            relays = relays.Where(r => r.Origin == origin);
        }

        if (query.Text is { } text)
        {
            // In SQL (lower() and instr/strpos): EF translates ToLower, not a StringComparison overload.
#pragma warning disable CA1862
            relays = relays.Where(r => r.Url.ToLower().Contains(text));
#pragma warning restore CA1862
        }

        return relays;
    }

    /// <summary>The sort key, missing values last whatever the direction, then the URL (unique) so that pages do not overlap.</summary>
    static IOrderedQueryable<Relay> Order(IQueryable<Relay> relays, RelaySort sort, bool descending)
    {
        IOrderedQueryable<Relay> By<TKey>(Expression<Func<Relay, TKey>> key) => descending ? relays.OrderByDescending(key) : relays.OrderBy(key);

        IOrderedQueryable<Relay> NullsLast<TKey>(Expression<Func<Relay, TKey>> key)
        {
            var isNull = Expression.Lambda<Func<Relay, bool>>(Expression.Equal(key.Body, Expression.Constant(null, key.Body.Type)), key.Parameters);
            var ordered = relays.OrderBy(isNull);
            return descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        var ordered = sort switch
        {
            RelaySort.Url => By(r => r.Url),
            RelaySort.Status => By(r => r.LastStatus == Online ? 0 : r.LastStatus == Degraded ? 1 : r.LastStatus == Offline ? 2 : 3),
            RelaySort.RttOpen => NullsLast(r => r.LastRttOpenMs),
            RelaySort.RttRead => NullsLast(r => r.LastRttReadMs),
            RelaySort.RttWrite => NullsLast(r => r.LastRttWriteMs),
            RelaySort.LastOnline => NullsLast(r => r.LastOnlineAt),
            RelaySort.LastChecked => NullsLast(r => r.LastCheckedAt),
            RelaySort.Failure => NullsLast(r => r.LastFailureClass),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown relay sort."),
        };
        return sort == RelaySort.Url ? ordered : ordered.ThenBy(r => r.Url);
    }

    static RelayStatusItem ToItem(Relay relay, RelayUptime? uptime) => new(
        relay.Url,
        PersistenceNames.ParseNetwork(relay.Network),
        PersistenceNames.Origin(relay.Origin),
        relay.Enabled,
        relay.LastStatus,
        new RoundTrips(relay.LastRttOpenMs, relay.LastRttReadMs, relay.LastRttWriteMs),
        relay.LastCheckedAt,
        relay.LastOnlineAt,
        relay.LastFailureClass,
        new UptimeFractions(uptime?.Last24Hours.Fraction, uptime?.Last7Days.Fraction, uptime?.Last30Days.Fraction),
        new RoundTrips(uptime?.Open.P50, uptime?.Read.P50, uptime?.Write.P50),
        new RoundTrips(uptime?.Open.P95, uptime?.Read.P95, uptime?.Write.P95));

}
