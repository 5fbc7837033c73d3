using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Host.Web;

/// <summary>The monitor's public key, as the status page shows it.</summary>
public sealed record MonitorIdentity(string Npub, string PublicKeyHex)
{
    /// <summary>
    /// This process's key when one of its roles signs; otherwise (a web role beside no signing role never reads the
    /// key) the author of the newest event the monitor signed, or null before the first one is stored.
    /// </summary>
    public static async Task<MonitorIdentity?> FindAsync(IServiceProvider services, MonitorDbContext db, CancellationToken cancellationToken)
    {
        if (services.GetService<NostrKeys>() is { } keys)
        {
            return new MonitorIdentity(keys.Npub, keys.PublicKeyHex);
        }

        var newest = await db.PublishedEvents.AsNoTracking().OrderByDescending(e => e.SignedAt).Select(e => e.EventJson).FirstOrDefaultAsync(cancellationToken);
        if (newest is null)
        {
            return null;
        }

        var pubkey = EventParser.Parse(newest).PubKey;
        return new MonitorIdentity(Nip19.EncodeNpub(pubkey), pubkey);
    }
}
