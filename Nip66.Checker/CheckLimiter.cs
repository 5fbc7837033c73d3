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
/// <para>
/// A check still running after <see cref="ActiveFor"/> leaves the adaptive limit (it keeps its place within the
/// concurrency): by then it is waiting on a relay that hangs or answers slowly, which costs no CPU, and counted it
/// held a slot for up to a timeout. At 10,000 relays with 10% hanging for 5 s, three quarters of all slot-time was
/// such waiting, and the cycle took 1.47x its per-host bound because the limit let too few checks start.
/// If the ones it let go wake up and cost CPU after all, the delay shows it and the limit shrinks.
/// </para>
/// </summary>
public sealed class CheckLimiter : IDisposable
{
    public static readonly TimeSpan AdjustInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The limit a checker starts at (or its concurrency if lower): the CPU a check costs is unknown at start.</summary>
    public const int InitialLimit = 8;

    /// <summary>
    /// How long a check counts against the adaptive limit: a healthy check's connect, upgrade and frames take a few
    /// round trips, mostly well under a second.
    /// </summary>
    public static readonly TimeSpan ActiveFor = TimeSpan.FromSeconds(1);

    private const double Percentile = 0.95;

    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource<Slot>> waiting = [];
    private readonly LinkedList<Slot> active = [];
    private readonly int maximum;
    private readonly double boundMilliseconds;
    private readonly SchedulingDelay delay;
    private readonly ITimer adjuster;
    private readonly TimeProvider time;
    private int limit;
    private int waitingOnRelays;
    private bool congested;

    public CheckLimiter(CheckerOptions options, SchedulingDelay delay, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        maximum = options.Concurrency;
        boundMilliseconds = options.SchedulingDelayBound.TotalMilliseconds;
        this.delay = delay;
        limit = Math.Min(maximum, InitialLimit);
        this.time = time ?? TimeProvider.System;
        Publish();
        adjuster = this.time.CreateTimer(_ => Adjust(), null, AdjustInterval, AdjustInterval);
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

    /// <summary>Checks running now that count against <see cref="Limit"/>: those younger than <see cref="ActiveFor"/>.</summary>
    public int Active
    {
        get
        {
            lock (gate)
            {
                return active.Count;
            }
        }
    }

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<Slot> turn;
        LinkedListNode<TaskCompletionSource<Slot>> place;
        lock (gate)
        {
            if (HasRoom && waiting.Count == 0)
            {
                var slot = Start();
                Publish();
                return slot;
            }

            turn = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
            place = waiting.AddLast(turn);
        }

        using (cancellationToken.Register(() => GiveUp(place, cancellationToken)))
        {
            return await turn.Task.ConfigureAwait(false);
        }
    }

    private bool HasRoom => active.Count < limit && active.Count + waitingOnRelays < maximum;

    private Slot Start()
    {
        var slot = new Slot(this, time.GetTimestamp());
        slot.Place = active.AddLast(slot);
        return slot;
    }

    private void GiveUp(LinkedListNode<TaskCompletionSource<Slot>> place, CancellationToken cancellationToken)
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

    private void Release(Slot slot)
    {
        lock (gate)
        {
            if (slot.Place is { } place)
            {
                active.Remove(place);
            }
            else
            {
                waitingOnRelays--;
            }

            AdmitWaiting();
        }
    }

    private void Adjust()
    {
        var recent = delay.RecentContinuationDelay(Percentile);
        lock (gate)
        {
            LetGoOfWaitingChecks();
            if (recent > boundMilliseconds)
            {
                limit = Math.Max(1, limit * 3 / 4);
                congested = true;
            }
            else if (recent < boundMilliseconds / 2 && limit < maximum && (waiting.Count > 0 || active.Count >= limit))
            {
                limit = Math.Min(maximum, congested ? limit + Math.Max(1, limit / 16) : limit * 2);
            }

            AdmitWaiting();
        }
    }

    /// <summary>Active checks are in start order, so the ones past <see cref="ActiveFor"/> are at the front.</summary>
    private void LetGoOfWaitingChecks()
    {
        while (active.First is { } oldest && time.GetElapsedTime(oldest.Value.StartedAt) >= ActiveFor)
        {
            active.RemoveFirst();
            oldest.Value.Place = null;
            waitingOnRelays++;
        }
    }

    private void AdmitWaiting()
    {
        while (HasRoom && waiting.First is { } first)
        {
            waiting.RemoveFirst();
            first.Value.TrySetResult(Start());
        }

        Publish();
    }

    private void Publish() => MonitorMetrics.CheckConcurrency(limit, active.Count + waitingOnRelays);

    public void Dispose() => adjuster.Dispose();

    private sealed class Slot(CheckLimiter limiter, long startedAt) : IDisposable
    {
        private CheckLimiter? limiter = limiter;

        public long StartedAt { get; } = startedAt;

        /// <summary>Its place among the active checks; null once it waits on its relay (guarded by the limiter's gate).</summary>
        public LinkedListNode<Slot>? Place { get; set; }

        public void Dispose() => Interlocked.Exchange(ref limiter, null)?.Release(this);
    }
}
