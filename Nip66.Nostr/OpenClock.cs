using System.Diagnostics;

namespace Nip66.Nostr;

/// <summary>
/// The stopwatch and the deadline of one WebSocket open, both paused while the connect waits for a per-address
/// connection slot: that wait measures the monitor's politeness, not the relay, so it must neither lengthen rtt-open
/// nor turn into a false open timeout. The wait itself stays bounded by the caller's token.
/// </summary>
internal sealed class OpenClock : IDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource deadline;
    private readonly TimeSpan timeout;
    private readonly long started = Stopwatch.GetTimestamp();
    private TimeSpan paused;
    private long pausedAt;
    private bool disposed;

    public OpenClock(TimeSpan timeout, CancellationToken cancellationToken)
    {
        this.timeout = timeout;
        deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
    }

    public CancellationToken Token => deadline.Token;

    /// <summary>Time spent opening, slot waits left out.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (gate)
            {
                return Stopwatch.GetElapsedTime(started) - paused;
            }
        }
    }

    public void PauseForSlot()
    {
        lock (gate)
        {
            pausedAt = Stopwatch.GetTimestamp();

            // A connect the HTTP stack finishes in the background may get here after the open ended.
            if (!disposed)
            {
                deadline.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void ResumeAfterSlot()
    {
        lock (gate)
        {
            paused += Stopwatch.GetElapsedTime(pausedAt);
            if (!disposed && timeout != Timeout.InfiniteTimeSpan)
            {
                var left = timeout - (Stopwatch.GetElapsedTime(started) - paused);
                deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            deadline.Dispose();
        }
    }
}
