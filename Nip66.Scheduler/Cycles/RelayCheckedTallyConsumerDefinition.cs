using MassTransit;
using Nip66.Contracts;

namespace Nip66.Scheduler.Cycles;

/// <summary>
/// Batches of up to <see cref="MessageLimit"/> results or <see cref="TimeLimit"/> from the first, on
/// <see cref="QueueNames.SchedulerRelayChecked"/>. The time limit is the most a cycle's completion waits for its last
/// result's tally. A failed publish is retried; the saga counts a re-sent index once.
/// </summary>
public sealed class RelayCheckedTallyConsumerDefinition : ConsumerDefinition<RelayCheckedTallyConsumer>
{
    public const int MessageLimit = 200;

    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(250);

    public RelayCheckedTallyConsumerDefinition() => EndpointName = QueueNames.SchedulerRelayChecked;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RelayCheckedTallyConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(MessageLimit)
            .SetTimeLimit(TimeLimit)
            .SetTimeLimitStart(BatchTimeLimitStart.FromFirst)
            .SetConcurrencyLimit(1));
        consumerConfigurator.UseMessageRetry(r => r.Exponential(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200)));
    }
}
