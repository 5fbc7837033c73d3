namespace Nip66.Contracts;

/// <summary>
/// How long a consumer keeps retrying while a service it writes to is away (the database for persistence, Redis for
/// the publisher's clock and ledger): exponential from 200 ms up to 30 s between attempts, 10 retries, about three
/// minutes. Past that the message faults into its endpoint's error queue.
/// </summary>
public static class OutageRetrySchedule
{
    public const int RetryLimit = 10;

    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan IntervalDelta = TimeSpan.FromSeconds(1);
}
