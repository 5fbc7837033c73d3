using Nip66.Checker;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

public sealed class CheckSlotsTests
{
    [Fact]
    public async Task No_more_checks_run_at_once_than_the_concurrency_and_every_slot_comes_back()
    {
        using var slots = new CheckSlots(new CheckerOptions { Concurrency = 3 });
        var running = 0;
        var peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = Enumerable.Range(0, 12).Select(async _ =>
        {
            using (await slots.EnterAsync(CancellationToken.None))
            {
                var now = Interlocked.Increment(ref running);
                Peak.Raise(ref peak, now);
                await release.Task;
                Interlocked.Decrement(ref running);
            }
        }).ToArray();

        await Eventually.TrueAsync(() => Volatile.Read(ref running) == 3, "three checks running", timeoutSeconds: 30);
        Assert.Equal(3, Volatile.Read(ref peak));
        release.SetResult();
        await Task.WhenAll(checks);
        Assert.Equal(3, peak);

        // All three slots are free again: three entries succeed at once, a fourth waits.
        var held = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => slots.EnterAsync(CancellationToken.None)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slots.EnterAsync(cancel.Token));
        Array.ForEach(held, h => h.Dispose());
    }
}
