using System.Collections.Concurrent;
using Nip66.Contracts;

namespace Nip66.Scheduler;

/// <summary>The cycles this scheduler started and has not yet seen complete; lets a caller await one.</summary>
public sealed class CycleTracker
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<CycleCompleted>> running = new();

    public bool IsRunning => !running.IsEmpty;

    public Task<CycleCompleted> Started(Guid cycleId) =>
        running.GetOrAdd(cycleId, _ => new TaskCompletionSource<CycleCompleted>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Completed(CycleCompleted completed)
    {
        if (running.TryRemove(completed.CycleId, out var waiter))
        {
            waiter.TrySetResult(completed);
        }
    }
}
