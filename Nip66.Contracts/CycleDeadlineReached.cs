namespace Nip66.Contracts;

/// <summary>
/// Published by the deadline sweeper for a cycle whose deadline has passed. It carries what the saga needs to close a
/// cycle whose start it never saw (its <see cref="CycleStarted"/> lost, or its state gone).
/// </summary>
public sealed record CycleDeadlineReached
{
    public required Guid CycleId { get; init; }

    // Not required: a message from a sweeper of an earlier version, without them, still closes a running cycle.
    public int ExpectedCount { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}
