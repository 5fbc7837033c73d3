using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;

namespace Nip66.Scheduler.Sagas;

/// <summary>Loads sagas outside a message (MassTransit's ILoadSagaRepository, e.g. for requests and tests).</summary>
internal sealed class VersionedLoadSagaRepositoryContext<TSaga> : BasePipeContext, LoadSagaRepositoryContext<TSaga>
    where TSaga : class, ISagaVersion
{
    private readonly IVersionedSagaStore store;
    private readonly VersionedSagaSerializer<TSaga> serializer;

    public VersionedLoadSagaRepositoryContext(IVersionedSagaStore store, VersionedSagaSerializer<TSaga> serializer, CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        this.store = store;
        this.serializer = serializer;
    }

    public async Task<TSaga> Load(Guid correlationId)
    {
        var document = await store.GetAsync(correlationId).ConfigureAwait(false);
        return document is { } found ? serializer.Deserialize(found) : null!;
    }
}
