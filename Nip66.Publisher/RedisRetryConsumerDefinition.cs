using MassTransit;
using Nip66.Contracts;
using StackExchange.Redis;

namespace Nip66.Publisher;

/// <summary>
/// The retry of a publisher consumer that uses Redis (distributed: the created_at clock, the monitor-event ledger). A
/// Redis that restarts or fails over must delay the events signed meanwhile, not park their messages in the error
/// queue: a command waits 5 s for a lost connection and then fails, and a restart on a loaded machine takes longer.
/// Only Redis's own failures are retried, on <see cref="OutageRetrySchedule"/> (about three minutes, as persistence
/// waits for its database); any other exception is a bug and faults the message at once.
/// </summary>
public sealed class RedisRetryConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<RedisException>();
            retry.Handle<RedisTimeoutException>();
            retry.Exponential(OutageRetrySchedule.RetryLimit, OutageRetrySchedule.MinInterval, OutageRetrySchedule.MaxInterval,
                OutageRetrySchedule.IntervalDelta);
        });
    }
}
