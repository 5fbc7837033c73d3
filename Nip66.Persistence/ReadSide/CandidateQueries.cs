using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.ReadSide;

/// <summary>The discovery ledger as the operator reads it (<c>relays candidates</c>): counted in SQL, whatever its size.</summary>
public sealed class CandidateQueries(IDbContextFactory<MonitorDbContext> dbFactory)
{
    /// <summary>How many refusal and retirement reasons the summary names.</summary>
    public const int TopReasons = 10;

    public async Task<CandidateSummary> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var counts = await db.RelayCandidates.AsNoTracking()
            .GroupBy(c => new { c.State, c.FirstSourceKind })
            .Select(g => new CandidateCount(g.Key.State, g.Key.FirstSourceKind, g.Count()))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CandidateSummary(
            [.. counts.OrderBy(c => c.State).ThenBy(c => c.SourceKind)],
            await TopReasonsAsync(db, CandidateState.Refused, cancellationToken).ConfigureAwait(false),
            await TopReasonsAsync(db, CandidateState.Retired, cancellationToken).ConfigureAwait(false));
    }

    static async Task<IReadOnlyList<ReasonCount>> TopReasonsAsync(MonitorDbContext db, CandidateState state, CancellationToken cancellationToken)
    {
        var top = await db.RelayCandidates.AsNoTracking()
            .Where(c => c.State == state)
            .GroupBy(c => c.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Count() })
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason)
            .Take(TopReasons)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. top.Select(r => new ReasonCount(r.Reason ?? string.Empty, r.Count))];
    }
}
