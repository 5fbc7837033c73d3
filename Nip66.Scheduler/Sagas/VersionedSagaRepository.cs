using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;

namespace Nip66.Scheduler.Sagas;

/// <summary>
/// The MassTransit side of a versioned saga store: creates, for each message, the repository context that loads,
/// inserts, updates and deletes the saga by correlation id under optimistic concurrency. A lost compare-and-set
/// throws <see cref="ConcurrencyException"/>, which the endpoint's retry policy handles by running the message again
/// on a freshly loaded saga. Registered scoped by <see cref="VersionedSagaRepositoryRegistrationExtensions"/>.
/// </summary>
public sealed class VersionedSagaRepository<TSaga> :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISagaVersion
{
    private readonly VersionedSagaSerializer<TSaga> serializer;
    private readonly ISagaConsumeContextFactory<IVersionedSagaStore, TSaga> consumeContextFactory;

    public VersionedSagaRepository(IServiceProvider provider, ISagaConsumeContextFactory<IVersionedSagaStore, TSaga> consumeContextFactory)
        : this(provider.GetRequiredKeyedService<IVersionedSagaStore>(typeof(TSaga)), provider.GetRequiredService<VersionedSagaSerializer<TSaga>>(), consumeContextFactory)
    {
    }

    /// <summary>Without the container (tests); not public, so DI never picks it over the keyed store.</summary>
    internal VersionedSagaRepository(IVersionedSagaStore store, VersionedSagaSerializer<TSaga> serializer, ISagaConsumeContextFactory<IVersionedSagaStore, TSaga> consumeContextFactory)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        this.serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        this.consumeContextFactory = consumeContextFactory ?? throw new ArgumentNullException(nameof(consumeContextFactory));
    }

    public IVersionedSagaStore Store { get; }

    public Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.Send(new VersionedSagaRepositoryContext<TSaga, T>(Store, serializer, context, consumeContextFactory));
    }

    public Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class =>
        throw new NotSupportedException(
            $"The versioned saga repository finds {typeof(TSaga).Name} sagas by correlation id only; correlate {typeof(T).Name} with CorrelateById instead of a query expression.");

    public async Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(asyncMethod);
        return await asyncMethod(new VersionedLoadSagaRepositoryContext<TSaga>(Store, serializer, cancellationToken)).ConfigureAwait(false);
    }

    public void Probe(ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Add("persistence", Store is RedisSagaStore ? "redis-versioned" : "in-memory-versioned");
        context.Add("concurrency", "optimistic");
    }
}
