namespace Nip66.Persistence;

/// <summary>A relay to check now, as returned by <see cref="RelaySchedule.GetDueAsync"/>.</summary>
/// <param name="AllowPrivateAddresses">False checks it with the private-address guard on (<see cref="Relay.AllowPrivateAddresses"/>).</param>
public sealed record DueRelay(string Url, byte Priority, RelayOrigin Origin = RelayOrigin.Operator, bool AllowPrivateAddresses = true);
