namespace Nip66.Persistence.Consumers;

/// <summary>Batches of up to 100 results or 1 s, one batch at a time, with <see cref="PersistenceRetry"/>.</summary>
public sealed class RelayCheckedBatchConsumerDefinition : PersistenceBatchConsumerDefinition<RelayCheckedBatchConsumer>;
