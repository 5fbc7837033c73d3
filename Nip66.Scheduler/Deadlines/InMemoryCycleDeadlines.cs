using System.Collections.Concurrent;

namespace Nip66.Scheduler.Deadlines;

/// <summary>The deadlines in process memory: the embedded mode, whose cycle saga is in memory too.</summary>
public sealed class InMemoryCycleDeadlines : ICycleDeadlines
{
    private readonly ConcurrentDictionary<Guid, CycleDeadline> deadlines = new();

    public Task AddAsync(CycleDeadline deadline, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadline);
        deadlines[deadline.CycleId] = deadline;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CycleDeadline>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CycleDeadline>>([.. deadlines.Values.Where(d => d.Deadline <= now)]);

    public Task RemoveAsync(Guid cycleId, CancellationToken cancellationToken = default)
    {
        deadlines.TryRemove(cycleId, out _);
        return Task.CompletedTask;
    }
}
