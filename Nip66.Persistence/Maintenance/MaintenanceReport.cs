namespace Nip66.Persistence.Maintenance;

/// <summary>What one <see cref="MaintenanceService.RunAsync"/> did.</summary>
/// <param name="At">The <c>now</c> the run was given.</param>
/// <param name="HoursRolledUp">UTC hours whose relay_hourly rows were (re)computed.</param>
/// <param name="RollupRowsWritten">relay_hourly rows written for those hours (one per relay and hour).</param>
/// <param name="RawRowsDeleted">check_results deleted (older than the raw retention, hour rolled up).</param>
/// <param name="EventsDeleted">published_events deleted (signed before the event log retention).</param>
/// <param name="DeliveriesDeleted">event_deliveries deleted: those of the deleted events and old ones of no stored event.</param>
/// <param name="CyclesDeleted">cycles deleted (started before the raw retention).</param>
/// <param name="RollupsDeleted">relay_hourly rows deleted (older than the rollup retention).</param>
/// <param name="RelaysRetired">discovered relays retired for being offline too long (<see cref="DiscoveredRelayRetirement"/>).</param>
/// <param name="Duration">How long the run took.</param>
public sealed record MaintenanceReport(
    DateTimeOffset At,
    int HoursRolledUp,
    int RollupRowsWritten,
    long RawRowsDeleted,
    long EventsDeleted,
    long DeliveriesDeleted,
    long CyclesDeleted,
    long RollupsDeleted,
    long RelaysRetired,
    TimeSpan Duration);
