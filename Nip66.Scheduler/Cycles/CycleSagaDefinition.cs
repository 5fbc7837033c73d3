using MassTransit;
using Nip66.Contracts;
using StackExchange.Redis;

namespace Nip66.Scheduler.Cycles;

/// <summary>
/// The cycle saga's endpoint. Every tally of a cycle's results updates the same saga, so tallies handled side by side
/// collide on purpose: the versioned repository lets one compare-and-set win and throws
/// <see cref="ConcurrencyException"/> for the others, which are retried on a freshly loaded saga after a short,
/// jittered, growing delay. Correctness comes from the version check alone; within one process a partitioner by
/// cycle id also keeps a cycle's messages from colliding at all, since each lost compare-and-set costs a reload and a
/// write (a 10,000-relay cycle spent most of the scheduler's CPU on them). Collisions remain between scheduler
/// processes, and with <see cref="CycleSagaOptions.PartitionByCycle"/> off. The in-memory outbox holds <see cref="Nip66.Contracts.CycleCompleted"/> until the saga write succeeded, so a losing attempt
/// publishes nothing and the cycle completes exactly once.
/// </summary>
/// <remarks>
/// Register it with <c>x.AddSagaStateMachine&lt;CycleStateMachine, CycleState, CycleSagaDefinition&gt;()</c>. It is
/// resolved from the container: a registered <see cref="CycleSagaOptions"/> replaces the defaults.
/// </remarks>
public sealed class CycleSagaDefinition : SagaDefinition<CycleState>
{
    private readonly CycleSagaOptions options;

    public CycleSagaDefinition()
        : this(new CycleSagaOptions())
    {
    }

    public CycleSagaDefinition(CycleSagaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurrentMessageLimit, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.RetryLimit, nameof(options));
        this.options = options;
        ConcurrentMessageLimit = options.ConcurrentMessageLimit;
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<CycleState> sagaConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);

        // Outside the outbox, so each attempt starts with an empty outbox and a failed one publishes nothing.
        endpointConfigurator.UseMessageRetry(r =>
        {
            // ConcurrencyException is a SagaException; so is "an existing saga instance was not found". A Redis blip
            // (connection, timeout) is worth another attempt too, rather than a tally parked in the error queue.
            r.Handle<SagaException>();
            r.Handle<RedisException>();
            r.Handle<RedisTimeoutException>();

            // 5 ms, then about doubling with jitter, capped at 1 s: a lost compare-and-set is cheap to try again, and
            // spreading the attempts keeps 16 contenders from colliding in lockstep.
            r.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
            if (options.RetryObserver is { } observer)
            {
                r.ConnectRetryObserver(observer);
            }
        });
        endpointConfigurator.UseInMemoryOutbox(context);
        if (options.PartitionByCycle)
        {
            var partition = endpointConfigurator.CreatePartitioner(options.ConcurrentMessageLimit);
            sagaConfigurator.Message<CycleStarted>(m => m.UsePartitioner(partition, c => c.Message.CycleId));
            sagaConfigurator.Message<CheckResultsTallied>(m => m.UsePartitioner(partition, c => c.Message.CycleId));
            sagaConfigurator.Message<CycleDeadlineReached>(m => m.UsePartitioner(partition, c => c.Message.CycleId));
        }
    }
}
