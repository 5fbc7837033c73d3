namespace Nip66.Nostr.RelayLists;

/// <summary>
/// An event whose id was recomputed from its fields and whose signature was checked (<see cref="EventVerifier"/>):
/// what the relay-list parsers take, so nothing a relay forged can name a relay.
/// </summary>
public sealed class VerifiedEvent
{
    private VerifiedEvent(NostrEvent value) => Event = value;

    public NostrEvent Event { get; }

    /// <summary>The event verified, or null with the reason in <paramref name="validity"/>.</summary>
    public static VerifiedEvent? Verify(NostrEvent e, out EventValidity validity)
    {
        ArgumentNullException.ThrowIfNull(e);
        validity = EventVerifier.Check(e);
        return validity == EventValidity.Valid ? new VerifiedEvent(e) : null;
    }

    public static VerifiedEvent? Verify(NostrEvent e) => Verify(e, out _);
}
