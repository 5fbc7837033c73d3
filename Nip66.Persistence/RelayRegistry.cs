using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>The relay list in the monitor's database.</summary>
public sealed class RelayRegistry(IDbContextFactory<MonitorDbContext> dbFactory, TimeProvider time) : IRelayRegistry
{
    public async Task<int> AddAsync(IEnumerable<string> normalizedUrls, bool allowPrivateAddresses, byte priority = 0, string? notes = null, RelayOrigin origin = RelayOrigin.Operator,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrls);
        var urls = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var url in normalizedUrls)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(url, nameof(normalizedUrls));
            if (seen.Add(url))
            {
                urls.Add(url);
            }
        }

        if (urls.Count == 0)
        {
            return 0;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var known = await db.Relays.Where(r => urls.Contains(r.Url)).ToDictionaryAsync(r => r.Url, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var url in urls)
        {
            if (known.TryGetValue(url, out var relay))
            {
                relay.Enabled = true;
                if (origin == RelayOrigin.Operator)
                {
                    relay.Origin = RelayOrigin.Operator;
                }

                relay.AllowPrivateAddresses |= allowPrivateAddresses;

                continue;
            }

            db.Relays.Add(new Relay
            {
                Url = url,
                Network = PersistenceNames.NetworkOf(url),
                Enabled = true,
                Priority = priority,
                Origin = origin,
                AllowPrivateAddresses = allowPrivateAddresses,
                Notes = notes,
                AddedAt = now,
            });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task<bool> DisableAsync(string normalizedUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(normalizedUrl);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var relay = await db.Relays.SingleOrDefaultAsync(r => r.Url == normalizedUrl, cancellationToken).ConfigureAwait(false);
        if (relay is null)
        {
            return false;
        }

        relay.Enabled = false;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
