namespace Nip66.Persistence;

/// <summary>How a relay came into the registry; stored as a number, and rows from before the column are Operator.</summary>
public enum RelayOrigin
{
    /// <summary>Added explicitly by the operator (CLI, import, API); trusted to point anywhere only when added by hand (<see cref="Relay.AllowPrivateAddresses"/>).</summary>
    Operator = 0,

    /// <summary>Learned from the network: guarded against private and loopback addresses.</summary>
    Discovered = 1,
}
