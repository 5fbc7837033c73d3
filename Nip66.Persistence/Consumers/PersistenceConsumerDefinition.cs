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

/// <summary>A consumer definition that adds <see cref="PersistenceRetry"/>.</summary>
public class PersistenceConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        consumerConfigurator.UseMessageRetry(PersistenceRetry.Configure);
    }
}

/// <summary>
/// Batches of up to <see cref="MessageLimit"/> messages or <see cref="TimeLimit"/>, one batch at a time, with
/// <see cref="PersistenceRetry"/>: one transaction per batch instead of one per message.
/// </summary>
public class PersistenceBatchConsumerDefinition<TConsumer> : PersistenceConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public const int MessageLimit = 100;

    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(1);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        // BatchOptions also raises the endpoint's prefetch and concurrent message limit to MessageLimit.
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeLimit)
            .SetTimeLimitStart(BatchTimeLimitStart.FromFirst)
            .SetConcurrencyLimit(1));
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
    }
}
