using Nip66.Contracts;

namespace Nip66.Checker;

/// <summary>
/// How many checks run at once. Kept apart from the endpoint's message limit so that a command waiting for its busy
/// host (<see cref="HostLimiter"/>) does not hold a slot a check of another host could use: with one slot per message, a
/// 10,000-relay cycle spent half its slots waiting behind hanging hosts.
/// <para>
/// The limit adapts to the checker's own <see cref="SchedulingDelay"/>: a saturated CPU runs every receive late and
/// adds that to every RTT, so while the recent continuation delay is over the bound the limit shrinks by a quarter each
/// <see cref="AdjustInterval"/>, and while it is under half the bound and checks are waiting it grows, doubling until
/// the first time it had to shrink and by a sixteenth after. It never exceeds <see cref="CheckerOptions.Concurrency"/>.
/// A big cycle takes longer instead of publishing wrong RTTs.
/// </para>
/// </summary>
public sealed class CheckLimiter : IDisposable
{
    public static readonly TimeSpan AdjustInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The limit a checker starts at (or its concurrency if lower): the CPU a check costs is unknown at start.</summary>
    public const int InitialLimit = 8;

    private const double Percentile = 0.95;

    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> waiting = [];
    private readonly int maximum;
    private readonly double boundMilliseconds;
    private readonly SchedulingDelay delay;
    private readonly ITimer adjuster;
    private int limit;
    private int running;
    private bool congested;

    public CheckLimiter(CheckerOptions options, SchedulingDelay delay, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        maximum = options.Concurrency;
        boundMilliseconds = options.SchedulingDelayBound.TotalMilliseconds;
        this.delay = delay;
        limit = Math.Min(maximum, InitialLimit);
        Publish();
        adjuster = (time ?? TimeProvider.System).CreateTimer(_ => Adjust(), null, AdjustInterval, AdjustInterval);
    }

    /// <summary>Checks allowed to run at once now.</summary>
    public int Limit
    {
        get
        {
            lock (gate)
            {
                return limit;
            }
        }
    }

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource turn;
        LinkedListNode<TaskCompletionSource> place;
        lock (gate)
        {
            if (running < limit && waiting.Count == 0)
            {
                running++;
                Publish();
                return new Slot(this);
            }

            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            place = waiting.AddLast(turn);
        }

        using (cancellationToken.Register(() => GiveUp(place, cancellationToken)))
        {
            await turn.Task.ConfigureAwait(false);
        }

        return new Slot(this);
    }

    private void GiveUp(LinkedListNode<TaskCompletionSource> place, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // A waiter already given its slot keeps it: the check's own token ends it.
            if (place.List is not null)
            {
                waiting.Remove(place);
                place.Value.TrySetCanceled(cancellationToken);
            }
        }
    }

    private void Release()
    {
        lock (gate)
        {
            running--;
            AdmitWaiting();
        }
    }

    private void Adjust()
    {
        var recent = delay.RecentContinuationDelay(Percentile);
        lock (gate)
        {
            if (recent > boundMilliseconds)
            {
                limit = Math.Max(1, limit * 3 / 4);
                congested = true;
            }
            else if (recent < boundMilliseconds / 2 && limit < maximum && (waiting.Count > 0 || running >= limit))
            {
                limit = Math.Min(maximum, congested ? limit + Math.Max(1, limit / 16) : limit * 2);
            }

            AdmitWaiting();
        }
    }

    private void AdmitWaiting()
    {
        while (running < limit && waiting.First is { } first)
        {
            waiting.RemoveFirst();
            running++;
            first.Value.TrySetResult();
        }

        Publish();
    }

    private void Publish() => MonitorMetrics.CheckConcurrency(limit, running);

    public void Dispose() => adjuster.Dispose();

    private sealed class Slot(CheckLimiter limiter) : IDisposable
    {
        private CheckLimiter? limiter = limiter;

        public void Dispose() => Interlocked.Exchange(ref limiter, null)?.Release();
    }
}
