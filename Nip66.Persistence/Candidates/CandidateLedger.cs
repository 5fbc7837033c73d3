using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.Candidates;

/// <summary>
/// Records the relay URLs the network mentions as candidates (<see cref="RelayCandidate"/>): each URL screened and
/// normalized (<see cref="CandidateScreen"/>), deduplicated across spellings, its provenance kept (the first mention's
/// kind, event and author, first and last seen, one <see cref="CandidateMention"/> per author). A URL seen for the
/// first time is pending validation, or refused on sight with a reason; a refusal is recorded once per URL, so a
/// repeat is not counted again. The per-host limit counts the pending and promoted candidates of a
/// <see cref="CandidateHost"/>: operator relays do not count. A URL that is already a monitored relay without a
/// candidate (the operator's own, enabled or disabled) gets no candidate: discovery never brings back a relay the
/// operator disabled, and gains nothing from one the operator monitors. A batch is a few queries and three set-based
/// writes per <see cref="MentionsPerTransaction"/> mentions, not a round trip per mention.
/// </summary>
public sealed class CandidateLedger(IDbContextFactory<MonitorDbContext> dbFactory, CandidateScreen screen, int perHostLimit)
{
    /// <summary>Mentions written in one transaction (one JSON parameter per statement).</summary>
    public const int MentionsPerTransaction = 20_000;

    public CandidateLedger(IDbContextFactory<MonitorDbContext> dbFactory, DiscoveryOptions options, RelayOptOut optOut, TrustedRanges trusted)
        : this(dbFactory, new CandidateScreen(optOut, trusted), (options ?? throw new ArgumentNullException(nameof(options))).PerHostLimit)
    {
    }

    /// <summary>Records <paramref name="mentions"/>, in their order (the first mention of a URL is its provenance).</summary>
    public async Task<LedgerOutcome> RecordAsync(IReadOnlyList<UrlMention> mentions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        var outcome = new LedgerOutcome();
        for (var start = 0; start < mentions.Count; start += MentionsPerTransaction)
        {
            var chunk = mentions.Skip(start).Take(MentionsPerTransaction);
            outcome.Add(await RecordChunkAsync(chunk, cancellationToken).ConfigureAwait(false));
        }

        return outcome;
    }

    private async Task<LedgerOutcome> RecordChunkAsync(IEnumerable<UrlMention> mentions, CancellationToken cancellationToken)
    {
        var outcome = new LedgerOutcome();
        var sightings = Gather(mentions, outcome);
        if (sightings.Count == 0)
        {
            return outcome;
        }

        var urls = sightings.Keys.ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var known = (await db.RelayCandidates.Where(c => EF.Parameter(urls).Contains(c.Url)).Select(c => c.Url)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var monitored = (await db.Relays.Where(r => EF.Parameter(urls).Contains(r.Url)).Select(r => r.Url)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);

        var recorded = new List<Sighting>(sightings.Count);
        var fresh = new List<Sighting>();
        foreach (var sighting in sightings.Values)
        {
            if (known.Contains(sighting.Screened.Key))
            {
                outcome.CountRepeats(sighting.Mentions);
                recorded.Add(sighting);
            }
            else if (monitored.Contains(sighting.Screened.Key))
            {
                outcome.CountMonitored(sighting.Mentions);
            }
            else
            {
                fresh.Add(sighting);
                recorded.Add(sighting);
            }
        }

        await ApplyHostLimitAsync(db, fresh, cancellationToken).ConfigureAwait(false);
        foreach (var sighting in fresh)
        {
            outcome.CountNew(sighting.Reason);
        }

        var sql = CandidateSql.For(db);
        if (fresh.Count > 0)
        {
            var rows = CandidateSql.Rows(fresh, (w, s) =>
            {
                w.WriteString("url", s.Screened.Key);
                w.WriteString("host", s.Screened.Host);
                w.WriteNumber("state", (int)(s.Reason is null ? CandidateState.Pending : CandidateState.Refused));
                w.WriteString("reason", s.Reason);
                w.WriteNumber("kind", s.First.Kind);
                w.WriteString("event_id", s.First.EventId);
                w.WriteString("author", s.First.Author);
                sql.WriteTime(w, "first_seen", s.First.SeenAt);
                sql.WriteTime(w, "last_seen", s.LastSeen);
            });
            await db.Database.ExecuteSqlRawAsync(sql.InsertCandidates, [rows], cancellationToken).ConfigureAwait(false);
        }

        if (recorded.Count > 0)
        {
            var mentionRows = CandidateSql.Rows(recorded.SelectMany(s => s.ByAuthor.Values), (w, m) =>
            {
                w.WriteString("url", m.Key);
                w.WriteString("author", m.Mention.Author);
                w.WriteNumber("kind", m.Mention.Kind);
                w.WriteString("event_id", m.Mention.EventId);
                sql.WriteTime(w, "seen_at", m.Mention.SeenAt);
            });
            await db.Database.ExecuteSqlRawAsync(sql.InsertMentions, [mentionRows], cancellationToken).ConfigureAwait(false);
            var seenRows = CandidateSql.Rows(recorded, (w, s) =>
            {
                w.WriteString("url", s.Screened.Key);
                sql.WriteTime(w, "last_seen", s.LastSeen);
            });
            await db.Database.ExecuteSqlRawAsync(sql.UpdateSeen, [seenRows], cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The mentions by candidate URL, in the order first seen, each URL screened once.</summary>
    private Dictionary<string, Sighting> Gather(IEnumerable<UrlMention> mentions, LedgerOutcome outcome)
    {
        var screened = new Dictionary<string, ScreenedUrl>(StringComparer.Ordinal);
        var sightings = new Dictionary<string, Sighting>(StringComparer.Ordinal);
        var count = 0;
        foreach (var mention in mentions)
        {
            count++;
            if (!screened.TryGetValue(mention.Url, out var url))
            {
                url = screen.Screen(mention.Url);
                screened.Add(mention.Url, url);
            }

            if (!sightings.TryGetValue(url.Key, out var sighting))
            {
                sighting = new Sighting(url, mention);
                sightings.Add(url.Key, sighting);
            }

            sighting.Add(mention);
        }

        outcome.CountMentions(count);
        return sightings;
    }

    /// <summary>
    /// Refuses the new URLs past the limit of their host, in the order first seen: the host's pending and promoted
    /// candidates count, and so does each new URL let through before.
    /// </summary>
    private async Task ApplyHostLimitAsync(MonitorDbContext db, List<Sighting> fresh, CancellationToken cancellationToken)
    {
        var hosts = fresh.Where(s => s.Reason is null).Select(s => s.Screened.Host).Distinct(StringComparer.Ordinal).ToArray();
        if (hosts.Length == 0)
        {
            return;
        }

        var held = await db.RelayCandidates
            .Where(c => EF.Parameter(hosts).Contains(c.Host) && (c.State == CandidateState.Pending || c.State == CandidateState.Promoted))
            .GroupBy(c => c.Host)
            .Select(g => new { Host = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Host, g => g.Count, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var sighting in fresh.Where(s => s.Reason is null))
        {
            var count = held.GetValueOrDefault(sighting.Screened.Host);
            if (count >= perHostLimit)
            {
                sighting.Reason = CandidateReasons.HostLimit;
            }
            else
            {
                held[sighting.Screened.Host] = count + 1;
            }
        }
    }

    /// <summary>One URL's mentions in a batch.</summary>
    private sealed class Sighting(ScreenedUrl screened, UrlMention first)
    {
        public ScreenedUrl Screened { get; } = screened;

        public UrlMention First { get; } = first;

        /// <summary>Why a new URL is refused: the screen's reason, or the host limit's.</summary>
        public string? Reason { get; set; } = screened.Reason;

        public DateTimeOffset LastSeen { get; private set; } = first.SeenAt;

        public int Mentions { get; private set; }

        /// <summary>The first mention per author.</summary>
        public Dictionary<string, (string Key, UrlMention Mention)> ByAuthor { get; } = new(StringComparer.Ordinal);

        public void Add(UrlMention mention)
        {
            Mentions++;
            LastSeen = mention.SeenAt > LastSeen ? mention.SeenAt : LastSeen;
            ByAuthor.TryAdd(mention.Author, (Screened.Key, mention));
        }
    }
}
