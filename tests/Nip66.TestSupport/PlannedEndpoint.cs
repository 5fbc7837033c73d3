namespace Nip66.TestSupport;

/// <summary>
/// A fleet endpoint before anything listens: the index of its listening address (<see cref="FleetComposition.AddressOf"/>),
/// the host name it is reached by (null: the address itself), and its path.
/// </summary>
public sealed record PlannedEndpoint(int Address, string? Name, FleetPath Path)
{
    /// <summary>The host the monitor's per-host limit sees.</summary>
    public string Host => Name ?? FleetComposition.AddressOf(Address);
}
