namespace Nip66.Publisher;

/// <summary>
/// Hands out the created_at of each relay's 30166s. Per relay they strictly increase, so a replacement in the same
/// second cannot lose to its predecessor on the lowest-id tie-break. The clock remembers which cycle got the relay's
/// last value: a redelivered message of that cycle gets the same created_at again, so it re-signs the same event (same
/// id; relays answer <c>duplicate:</c>) instead of a second one.
/// </summary>
public interface ICreatedAtClock
{
    /// <summary>
    /// The created_at for the relay's 30166 of <paramref name="cycleId"/>, stating what was seen at
    /// <paramref name="basis"/> (Unix seconds: when the check finished). Null when the relay's last 30166 rests on a
    /// newer basis: a late or redelivered older result must not replace it.
    /// </summary>
    Task<long?> CreatedAtAsync(string relay, Guid cycleId, long basis);
}
