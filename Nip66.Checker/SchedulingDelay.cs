using System.Diagnostics;
using Nip66.Contracts;

namespace Nip66.Checker;

/// <summary>
/// How late this process runs its own work: a timer's lateness past its due time, and the wait of a work item in the
/// thread pool's queue. A relay's answer waits in that same queue before its receive stamp is taken, so when the CPU
/// is saturated the continuation wait is added to every RTT; <see cref="CheckLimiter"/> holds concurrency down to keep
/// it small. One sample every <see cref="SampleInterval"/>, which costs nothing measurable.
/// </summary>
public sealed class SchedulingDelay : IDisposable
{
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>How far back <see cref="RecentContinuationDelay"/> looks.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private const int Capacity = 64;

    private readonly Lock gate = new();
    private readonly (long At, double Milliseconds)[] recent = new (long, double)[Capacity];
    private readonly ITimer timer;
    private int next;
    private long dueAt;
    private long pendingSince;
    private bool disposed;

    public SchedulingDelay(TimeProvider? time = null)
    {
        timer = (time ?? TimeProvider.System).CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
    }

    /// <summary>
    /// The given percentile of the continuation delays of the last <see cref="Window"/>, in milliseconds (0 before any).
    /// A sample still waiting in the queue, or a sampling timer overdue, counts with its wait so far: a starved pool
    /// yields few samples, and the one it has not run yet is the latest news.
    /// </summary>
    public double RecentContinuationDelay(double percentile)
    {
        var now = Stopwatch.GetTimestamp();
        var since = now - (long)(Window.TotalSeconds * Stopwatch.Frequency);
        var delays = new List<double>(Capacity + 1);
        lock (gate)
        {
            delays.AddRange(recent.Where(sample => sample.At != 0 && sample.At >= since).Select(sample => sample.Milliseconds));
            if (pendingSince != 0)
            {
                delays.Add(Stopwatch.GetElapsedTime(pendingSince, now).TotalMilliseconds);
            }
            else if (now > dueAt)
            {
                // The sampling timer is overdue: its callback waits for a thread like any other work.
                delays.Add(Stopwatch.GetElapsedTime(dueAt, now).TotalMilliseconds);
            }
        }

        if (delays.Count == 0)
        {
            return 0;
        }

        delays.Sort();
        return delays[Math.Clamp((int)Math.Ceiling(percentile * delays.Count) - 1, 0, delays.Count - 1)];
    }

    private void Arm()
    {
        lock (gate)
        {
            if (!disposed)
            {
                dueAt = Stopwatch.GetTimestamp() + (long)(SampleInterval.TotalSeconds * Stopwatch.Frequency);
                timer.Change(SampleInterval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            MonitorMetrics.TimerDelay(Math.Max(0, now - dueAt) * 1000.0 / Stopwatch.Frequency);
            pendingSince = now;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static delay => delay.OnContinuation(), this, preferLocal: false);
    }

    private void OnContinuation()
    {
        var now = Stopwatch.GetTimestamp();
        lock (gate)
        {
            var milliseconds = Stopwatch.GetElapsedTime(pendingSince, now).TotalMilliseconds;
            MonitorMetrics.ContinuationDelay(milliseconds);
            recent[next] = (now, milliseconds);
            next = (next + 1) % Capacity;
            pendingSince = 0;
        }

        // Re-armed only now: a starved pool gets one sample in its queue at a time, not a pile of them.
        Arm();
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
    }
}
