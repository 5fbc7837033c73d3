using MassTransit;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// The retry every persistence consumer gets (<see cref="OutageRetrySchedule"/>: about three minutes), so a database
/// that is down for a while delays messages instead of faulting them. After the last retry the message faults and goes
/// to the endpoint's error queue (nothing is dropped).
/// </summary>
public static class PersistenceRetry
{
    public static void Configure(IRetryConfigurator retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        retry.Exponential(OutageRetrySchedule.RetryLimit, OutageRetrySchedule.MinInterval, OutageRetrySchedule.MaxInterval, OutageRetrySchedule.IntervalDelta);
    }
}
