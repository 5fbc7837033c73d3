namespace Nip66.Scheduler.Maintenance;

/// <summary>A failed maintenance run: when, and the exception's type and message.</summary>
public sealed record MaintenanceFailure(DateTimeOffset At, string Error);
