using MassTransit;

namespace Nip66.Scheduler.Cycles;

/// <summary>Tuning of the cycle saga endpoint; register one in the container to change the defaults.</summary>
public sealed class CycleSagaOptions
{
    /// <summary>Messages handled at once on the saga endpoint.</summary>
    public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// Attempts after the first: enough for every message of a burst to win once against the whole endpoint
    /// concurrency, with margin; also covers a tally overtaking its cycle's start (a missing instance faults).
    /// A tally whose cycle never comes holds its slot for about 45 s of retries before it faults.
    /// </summary>
    public int RetryLimit { get; set; } = 50;

    /// <summary>One cycle's messages one at a time in this process (other cycles go on beside it); on by default.</summary>
    public bool PartitionByCycle { get; set; } = true;

    /// <summary>Sees every retry (to count conflicts, for instance); none by default.</summary>
    public IRetryObserver? RetryObserver { get; set; }
}
