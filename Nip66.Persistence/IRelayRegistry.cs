namespace Nip66.Persistence;

/// <summary>The list of monitored relays. URLs must already be normalized (Nip66.Nostr.RelayUrl).</summary>
public interface IRelayRegistry
{
    /// <summary>
    /// Adds relays; returns how many were new. Known disabled relays are re-enabled (not counted); an operator adding a
    /// known discovered relay makes it an operator relay, never the other way round. <paramref name="allowPrivateAddresses"/>
    /// (<see cref="Relay.AllowPrivateAddresses"/>) is the operator's hand: true trusts the relays to point at private
    /// addresses, false adds them guarded; a known relay's trust only rises, so a later guarded add never lowers it.
    /// </summary>
    Task<int> AddAsync(IEnumerable<string> normalizedUrls, bool allowPrivateAddresses, byte priority = 0, string? notes = null, RelayOrigin origin = RelayOrigin.Operator,
        CancellationToken cancellationToken = default);

    /// <summary>Disables a relay (its history stays); false when the URL is unknown.</summary>
    Task<bool> DisableAsync(string normalizedUrl, CancellationToken cancellationToken = default);

}
