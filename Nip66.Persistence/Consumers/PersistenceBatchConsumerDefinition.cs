using MassTransit;

namespace Nip66.Persistence.Consumers;

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
