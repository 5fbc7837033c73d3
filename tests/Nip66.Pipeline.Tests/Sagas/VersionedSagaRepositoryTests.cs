using MassTransit;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Sagas;

namespace Nip66.Pipeline.Tests.Sagas;

public sealed class VersionedSagaRepositoryTests
{
    [Fact]
    public void Saga_json_round_trips_bytes_dates_and_takes_the_version_from_the_store()
    {
        var serializer = new VersionedSagaSerializer<CycleState>(new VersionedSagaRepositoryOptions().SerializerOptions);
        var saga = new CycleState
        {
            CorrelationId = Guid.NewGuid(),
            Version = 3,
            CurrentState = "Running",
            Expected = 20,
            StartedAt = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)),
            CheckedIndexes = new byte[3],
        };
        saga.MarkChecked(0);
        saga.MarkChecked(19);

        var copy = serializer.Deserialize(new VersionedSagaDocument(serializer.Serialize(saga), 9));

        Assert.Equal(9, copy.Version);
        Assert.Equal(saga.CorrelationId, copy.CorrelationId);
        Assert.Equal(saga.StartedAt, copy.StartedAt);
        Assert.Equal(saga.StartedAt.Offset, copy.StartedAt.Offset);
        Assert.Null(copy.CompletedAt);
        Assert.Equal(saga.CheckedIndexes, copy.CheckedIndexes);
        Assert.Equal(Enumerable.Range(1, 18), copy.MissingIndexes());
    }

    [Fact]
    public async Task Queries_are_refused_with_a_clear_message()
    {
        var repository = new VersionedSagaRepository<CycleState>(
            new InMemorySagaStore(),
            new VersionedSagaSerializer<CycleState>(new VersionedSagaRepositoryOptions().SerializerOptions),
            new SagaConsumeContextFactory<IVersionedSagaStore, CycleState>());

        var exception = await Assert.ThrowsAsync<NotSupportedException>(() =>
            repository.SendQuery<object>(null!, null!, null!));

        Assert.Contains("correlation id only", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_reject_a_non_positive_expiry()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentOutOfRangeException>(() => services.AddMassTransit(
            x => x.AddSagaStateMachine<CycleStateMachine, CycleState>().InMemoryVersionedRepository(r => r.Expiry = TimeSpan.Zero)));
    }
}
