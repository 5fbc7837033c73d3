using MassTransit;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// The retry every persistence consumer gets: exponential from 200 ms up to 30 s between attempts, 10 retries
/// (about three minutes), so a database that is down for a while delays messages instead of faulting them.
/// After the last retry the message faults and goes to the endpoint's error queue (nothing is dropped).
/// </summary>
public static class PersistenceRetry
{
    public const int RetryLimit = 10;

    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan IntervalDelta = TimeSpan.FromSeconds(1);

    public static void Configure(IRetryConfigurator retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Exponential(RetryLimit, MinInterval, MaxInterval, IntervalDelta);
    }
}
