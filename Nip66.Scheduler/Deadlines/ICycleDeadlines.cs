namespace Nip66.Scheduler.Deadlines;

/// <summary>
/// The deadlines of the cycles the scheduler started and has not yet told to close: written by
/// <see cref="CycleStarter"/> before the cycle starts, read and cleared by <see cref="DeadlineSweeper"/>. Scheduler
/// state only, so a cycle closes whichever other roles run (in Redis when distributed, in memory when embedded).
/// </summary>
public interface ICycleDeadlines
{
    Task AddAsync(CycleDeadline deadline, CancellationToken cancellationToken = default);

    /// <summary>The cycles whose deadline is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<CycleDeadline>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    Task RemoveAsync(Guid cycleId, CancellationToken cancellationToken = default);
}
