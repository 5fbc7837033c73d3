using System.Diagnostics;
using Nip66.Checker;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

public sealed class CheckLimiterTests
{
    [Fact]
    public async Task No_more_checks_run_at_once_than_the_concurrency_and_every_slot_comes_back()
    {
        using var delay = new SchedulingDelay();
        using var slots = new CheckLimiter(new CheckerOptions { Concurrency = 3 }, delay);
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

    [Fact]
    public async Task Fewer_checks_run_while_the_checkers_own_work_runs_late_and_more_again_when_it_does_not()
    {
        const int concurrency = 64;

        // A loose bound, so that only the saturation below can cross it on a loaded machine.
        var options = new CheckerOptions { Concurrency = concurrency, SchedulingDelayBound = TimeSpan.FromMilliseconds(20) };
        using var delay = new SchedulingDelay();
        using var slots = new CheckLimiter(options, delay);
        Assert.Equal(CheckLimiter.InitialLimit, slots.Limit);

        // Demand beyond the concurrency: the limit grows to it while the process runs its work on time.
        var entries = Enumerable.Range(0, concurrency + 16).Select(_ => slots.EnterAsync(CancellationToken.None)).ToArray();
        await Eventually.TrueAsync(() => slots.Limit == concurrency, "the limit to grow to the concurrency", timeoutSeconds: 60);

        // The CPU saturated by this process's own work, as a big cycle does: the thread pool's queue stays full of
        // 20 ms work items, so everything queued after them (a relay's answer included) runs tens of ms late.
        var burning = 1;
        void Burn(object? state)
        {
            var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(100);
            }

            if (Volatile.Read(ref burning) == 1)
            {
                ThreadPool.UnsafeQueueUserWorkItem<object?>(Burn, null, preferLocal: false);
            }
        }

        for (var i = 0; i < Environment.ProcessorCount * 8; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem<object?>(Burn, null, preferLocal: false);
        }

        var held = 0;
        try
        {
            await Eventually.TrueAsync(() => (held = slots.Limit) < concurrency, "the limit to shrink while work runs late", timeoutSeconds: 60);
        }
        finally
        {
            Volatile.Write(ref burning, 0);
        }

        await Eventually.TrueAsync(() => slots.Limit > held, $"the limit to grow again from {held}", timeoutSeconds: 60);

        // Waiters get their slots in arrival order as earlier ones come back.
        foreach (var entry in entries)
        {
            (await entry.WaitAsync(TimeSpan.FromSeconds(60))).Dispose();
        }
    }
}
