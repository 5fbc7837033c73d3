using Nip66.Nostr;

namespace Nip66.Persistence.ReadSide;

/// <summary>
/// One relay as the status API shows it: who added it (<see cref="PersistenceNames.Origin"/>), its latest check (the relays row), uptime over rollups and the last day's
/// raw checks, and the last day's round-trip percentiles.
/// </summary>
public sealed record RelayStatusItem(
    string Url,
    RelayNetwork Network,
    string Origin,
    bool Enabled,
    string? Status,
    RoundTrips Rtt,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastOnlineAt,
    string? FailureClass,
    UptimeFractions Uptime,
    RoundTrips RttP50,
    RoundTrips RttP95);
