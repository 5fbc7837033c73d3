namespace Nip66.Scheduler.Deadlines;

/// <summary>
/// The scheduler's record of a cycle it started: when it must be closed, and what its saga needs to close it even if
/// the saga never saw the start (<see cref="Contracts.CycleDeadlineReached"/> carries both).
/// </summary>
public sealed record CycleDeadline(Guid CycleId, DateTimeOffset StartedAt, int Expected, DateTimeOffset Deadline);
