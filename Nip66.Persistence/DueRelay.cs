namespace Nip66.Persistence;

/// <summary>A relay to check now, as returned by <see cref="RelaySchedule.GetDueAsync"/>.</summary>
/// <param name="Origin">Discovered relays are checked with the private-address guard on.</param>
public sealed record DueRelay(string Url, byte Priority, RelayOrigin Origin = RelayOrigin.Operator);
