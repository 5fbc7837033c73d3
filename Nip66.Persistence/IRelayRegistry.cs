namespace Nip66.Persistence;

/// <summary>The list of monitored relays. URLs must already be normalized (Nip66.Nostr.RelayUrl).</summary>
public interface IRelayRegistry
{
    /// <summary>
    /// Adds relays; returns how many were new. Known disabled relays are re-enabled (not counted); an operator adding a
    /// known discovered relay makes it an operator relay, never the other way round.
    /// </summary>
    Task<int> AddAsync(IEnumerable<string> normalizedUrls, byte priority = 0, string? notes = null, RelayOrigin origin = RelayOrigin.Operator, CancellationToken cancellationToken = default);

    /// <summary>Disables a relay (its history stays); false when the URL is unknown.</summary>
    Task<bool> DisableAsync(string normalizedUrl, CancellationToken cancellationToken = default);

}
