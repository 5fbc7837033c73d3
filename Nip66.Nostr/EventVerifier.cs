namespace Nip66.Nostr;

public static class EventVerifier
{
    /// <summary>Recomputes the id from the fields (never trusts the given one) and checks the BIP-340 signature.</summary>
    public static EventValidity Check(NostrEvent e)
    {
        var id = EventBuilder.ComputeId(e.PubKey, e.CreatedAt, e.Kind, e.Tags, e.Content);
        if (!Hex.IsLowerHex(e.Id, 32) || Hex.Encode(id) != e.Id)
        {
            return EventValidity.IdMismatch;
        }

        return Hex.IsLowerHex(e.PubKey, 32) && Hex.IsLowerHex(e.Sig, 64) &&
            Schnorr.Verify(Convert.FromHexString(e.PubKey), id, Convert.FromHexString(e.Sig))
            ? EventValidity.Valid
            : EventValidity.BadSignature;
    }

    public static bool IsValid(NostrEvent e) => Check(e) == EventValidity.Valid;
}
