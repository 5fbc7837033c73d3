using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Candidates;

/// <summary>The discovery sources' cursors (table <c>discovery_cursors</c>), one per (source, discovery relay).</summary>
public sealed class DiscoveryCursorStore(IDbContextFactory<MonitorDbContext> dbFactory, TimeProvider time)
{
    /// <summary>The cursor of <paramref name="source"/> on <paramref name="relayUrl"/> (normalized); null before its first round.</summary>
    public async Task<DiscoveryCursor?> LoadAsync(string source, string relayUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(relayUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.DiscoveryCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Source == source && c.RelayUrl == relayUrl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores where <paramref name="source"/> stands on <paramref name="relayUrl"/>, replacing what was there.</summary>
    public async Task SaveAsync(string source, string relayUrl, long? newestSeen, long? oldestSeen, bool backfillDone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(relayUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var cursor = await db.DiscoveryCursors.SingleOrDefaultAsync(c => c.Source == source && c.RelayUrl == relayUrl, cancellationToken).ConfigureAwait(false);
        if (cursor is null)
        {
            cursor = new DiscoveryCursor { Source = source, RelayUrl = relayUrl };
            db.DiscoveryCursors.Add(cursor);
        }

        cursor.NewestSeen = newestSeen;
        cursor.OldestSeen = oldestSeen;
        cursor.BackfillDone = backfillDone;
        cursor.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
