using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;

namespace Nip66.Scheduler.Sagas;

/// <summary>
/// One message's view of the store. The saga's <see cref="ISagaVersion.Version"/> is the version it was loaded (or
/// inserted) at, and the expected version of the next compare-and-set.
/// </summary>
internal sealed class VersionedSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISagaVersion
    where TMessage : class
{
    private readonly IVersionedSagaStore store;
    private readonly VersionedSagaSerializer<TSaga> serializer;
    private readonly ConsumeContext<TMessage> context;
    private readonly ISagaConsumeContextFactory<IVersionedSagaStore, TSaga> factory;

    public VersionedSagaRepositoryContext(
        IVersionedSagaStore store,
        VersionedSagaSerializer<TSaga> serializer,
        ConsumeContext<TMessage> context,
        ISagaConsumeContextFactory<IVersionedSagaStore, TSaga> factory)
        : base(context)
    {
        this.store = store;
        this.serializer = serializer;
        this.context = context;
        this.factory = factory;
    }

    /// <summary>A new saga, written by <see cref="Save"/> once the message has run.</summary>
    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(store, context, instance, SagaConsumeContextMode.Add);

    /// <summary>Insert before the message runs (InsertOnInitial); null when the saga exists, and MassTransit loads it.</summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!await TryInsert(instance).ConfigureAwait(false))
        {
            return null!;
        }

        return await factory.CreateSagaConsumeContext(store, context, instance, SagaConsumeContextMode.Insert).ConfigureAwait(false);
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var document = await store.GetAsync(correlationId).ConfigureAwait(false);
        if (document is not { } found)
        {
            return null!;
        }

        var instance = serializer.Deserialize(found);
        return await factory.CreateSagaConsumeContext(store, context, instance, SagaConsumeContextMode.Load).ConfigureAwait(false);
    }

    /// <summary>Writes a saga created by this message; another message creating it first is a conflict.</summary>
    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await TryInsert(context.Saga).ConfigureAwait(false))
        {
            throw Conflict(context.Saga.CorrelationId, "it was created by another message first");
        }
    }

    public async Task Update(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var saga = context.Saga;
        var expected = saga.Version;
        saga.Version = expected + 1;
        bool written;
        try
        {
            written = await store.TryUpdateAsync(saga.CorrelationId, serializer.Serialize(saga), expected).ConfigureAwait(false);
        }
        catch
        {
            saga.Version = expected;
            throw;
        }

        if (!written)
        {
            saga.Version = expected;
            throw Conflict(saga.CorrelationId, $"it is no longer at version {expected} (changed, finalized or expired since it was loaded)");
        }
    }

    /// <summary>Removes a finalized saga, only if nobody changed it since it was loaded.</summary>
    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var saga = context.Saga;
        if (!await store.TryDeleteAsync(saga.CorrelationId, saga.Version).ConfigureAwait(false))
        {
            throw Conflict(saga.CorrelationId, $"it is no longer at version {saga.Version}, so it cannot be deleted as finalized");
        }
    }

    /// <summary>A saga added and finalized by the same message was never written: nothing to do.</summary>
    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    /// <summary>Nothing is written before Save/Update, so there is nothing to undo.</summary>
    public Task Undo(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(store, consumeContext, instance, mode);

    private async Task<bool> TryInsert(TSaga saga)
    {
        var previous = saga.Version;
        saga.Version = 1;
        bool inserted;
        try
        {
            inserted = await store.TryInsertAsync(saga.CorrelationId, serializer.Serialize(saga)).ConfigureAwait(false);
        }
        catch
        {
            saga.Version = previous;
            throw;
        }

        if (!inserted)
        {
            saga.Version = previous;
        }

        return inserted;
    }

    private static ConcurrencyException Conflict(Guid correlationId, string reason) =>
        new($"Optimistic concurrency conflict on {typeof(TSaga).Name} {correlationId} handling {typeof(TMessage).Name}: {reason}. The message is retried on a freshly loaded saga.",
            typeof(TSaga), correlationId);
}
