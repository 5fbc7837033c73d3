using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
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

    [Fact]
    public async Task A_check_past_its_active_second_waits_on_its_relay_and_leaves_its_slot_to_a_new_check()
    {
        // The limiter's clock is moved by hand; the delay is real but the bound so loose that it never shrinks the limit.
        var time = new FakeTimeProvider();
        using var delay = new SchedulingDelay();
        using var slots = new CheckLimiter(new CheckerOptions { Concurrency = 64, SchedulingDelayBound = TimeSpan.FromMinutes(1) }, delay, time);
        var old = await Task.WhenAll(Enumerable.Range(0, CheckLimiter.InitialLimit).Select(_ => slots.EnterAsync(CancellationToken.None)));
        Assert.Equal(CheckLimiter.InitialLimit, slots.Active);

        // All slots taken: the first adjustment doubles the limit; by the fourth the eight have run a second.
        Advance(time, CheckLimiter.AdjustInterval);
        Assert.Equal(2 * CheckLimiter.InitialLimit, slots.Limit);
        Assert.Equal(CheckLimiter.InitialLimit, slots.Active);
        Advance(time, CheckLimiter.ActiveFor - CheckLimiter.AdjustInterval);
        Assert.Equal(0, slots.Active);
        Assert.Equal(2 * CheckLimiter.InitialLimit, slots.Limit);

        // The whole limit is free for new checks although the eight still run; the next one waits.
        var fresh = Enumerable.Range(0, slots.Limit).Select(_ => slots.EnterAsync(CancellationToken.None)).ToArray();
        Assert.All(fresh, entry => Assert.True(entry.IsCompletedSuccessfully));
        var next = slots.EnterAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);

        // An old check ending frees nothing the limit counts; an active one ending lets the next in.
        old[0].Dispose();
        Assert.False(next.IsCompleted);
        (await fresh[0]).Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        Assert.Equal(slots.Limit - 1, slots.Active);
        Array.ForEach(old[1..], slot => slot.Dispose());
        foreach (var entry in fresh[1..])
        {
            (await entry).Dispose();
        }
    }

    [Fact]
    public async Task Checks_waiting_on_their_relays_still_count_against_the_concurrency()
    {
        var time = new FakeTimeProvider();
        using var delay = new SchedulingDelay();
        using var slots = new CheckLimiter(new CheckerOptions { Concurrency = 4, SchedulingDelayBound = TimeSpan.FromMinutes(1) }, delay, time);
        var held = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => slots.EnterAsync(CancellationToken.None)));
        Advance(time, CheckLimiter.ActiveFor);
        Assert.Equal(0, slots.Active);

        var next = slots.EnterAsync(CancellationToken.None);
        Assert.False(next.IsCompleted);
        held[0].Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        Array.ForEach(held[1..], slot => slot.Dispose());
    }

    /// <summary>One adjustment at a time, as the real timer would run them.</summary>
    private static void Advance(FakeTimeProvider time, TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += CheckLimiter.AdjustInterval)
        {
            time.Advance(CheckLimiter.AdjustInterval);
        }
    }
}
