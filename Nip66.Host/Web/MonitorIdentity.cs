using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence.ReadSide;

namespace Nip66.Host.Web;

/// <summary>The monitor's public key, as the status page shows it.</summary>
public sealed record MonitorIdentity(string Npub, string PublicKeyHex)
{
    /// <summary>
    /// This process's key when one of its roles signs; otherwise (a web role beside no signing role never reads the
    /// key) the author of the newest event the monitor signed, or null before the first one is stored.
    /// </summary>
    public static async Task<MonitorIdentity?> FindAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<NostrKeys>() is { } keys)
        {
            return new MonitorIdentity(keys.Npub, keys.PublicKeyHex);
        }

        var pubkey = await services.GetRequiredService<DeliveryQueries>().NewestSignerAsync(cancellationToken);
        return pubkey is null ? null : new MonitorIdentity(Nip19.EncodeNpub(pubkey), pubkey);
    }
}
