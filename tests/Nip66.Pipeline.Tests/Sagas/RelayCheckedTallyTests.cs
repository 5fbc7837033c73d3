using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Sagas;

namespace Nip66.Pipeline.Tests.Sagas;

/// <summary>
/// Results reach the cycle saga through the tally endpoint as registered in production: every relay counted once,
/// redeliveries included, by status, in far fewer saga writes than results.
/// </summary>
public sealed class RelayCheckedTallyTests
{
    private const int Expected = 600;
    private const int Duplicates = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_cycle_of_results_is_counted_exactly_in_batches()
    {
        var completions = new List<CycleCompleted>();
        var completed = new TaskCompletionSource<CycleCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = new ServiceCollection()
            .AddMassTransitTestHarness(x =>
            {
                x.AddSagaStateMachine<CycleStateMachine, CycleState, CycleSagaDefinition>().InMemoryVersionedRepository();
                x.AddConsumer<RelayCheckedTallyConsumer, RelayCheckedTallyConsumerDefinition>();
                x.AddHandler<CycleCompleted>(context =>
                {
                    lock (completions)
                    {
                        completions.Add(context.Message);
                    }

                    completed.TrySetResult(context.Message);
                    return Task.CompletedTask;
                });
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = Timeout;
        await harness.Start();

        var cycleId = Guid.NewGuid();
        var startedAt = DateTimeOffset.UtcNow;
        await harness.Bus.Publish(new CycleStarted { CycleId = cycleId, ExpectedCount = Expected, StartedAt = startedAt, Deadline = startedAt.AddHours(1) });
        var random = new Random(66);
        var results = Enumerable.Range(0, Expected)
            .Concat(Enumerable.Range(0, Duplicates).Select(_ => random.Next(Expected)))
            .OrderBy(_ => random.Next())
            .Select(index => Checked(cycleId, index, startedAt))
            .ToList();
        await Parallel.ForEachAsync(results, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (result, token) => new ValueTask(harness.Bus.Publish(result, token)));

        var summary = await completed.Task.WaitAsync(Timeout);
        Assert.Equal(Expected, summary.Checked);
        Assert.Equal(Enumerable.Range(0, Expected).Count(i => StatusOf(i) == RelayStatus.Online), summary.Online);
        Assert.Equal(Enumerable.Range(0, Expected).Count(i => StatusOf(i) == RelayStatus.Degraded), summary.Degraded);
        Assert.Equal(Enumerable.Range(0, Expected).Count(i => StatusOf(i) == RelayStatus.Offline), summary.Offline);
        Assert.False(summary.TimedOut);
        Assert.Empty(summary.MissedIndexes);

        // Let a late tally (the duplicates) reach the saga, then count its writes: one for the start, one per tally.
        Assert.True(await harness.Consumed.Any<CheckResultsTallied>());
        await harness.InactivityTask;
        var saga = await provider.GetRequiredService<ILoadSagaRepository<CycleState>>().Load(cycleId);
        Assert.NotNull(saga);
        Assert.Equal(Expected, saga.Checked);
        var tallies = harness.Published.Select<CheckResultsTallied>().Count();
        Assert.Equal(1 + tallies, saga.Version);
        Assert.InRange(tallies, (Expected + Duplicates) / RelayCheckedTallyConsumerDefinition.MessageLimit, (Expected + Duplicates) / 10);
        Assert.Single(completions);
    }

    /// <summary>Index i is online, degraded or offline by i mod 3, so each count is known.</summary>
    private static RelayStatus StatusOf(int index) => (RelayStatus)(index % 3);

    private static RelayChecked Checked(Guid cycleId, int index, DateTimeOffset at) => new()
    {
        CycleId = cycleId,
        Index = index,
        Result = new RelayCheckResult
        {
            Url = $"wss://relay{index}.example.com/",
            Network = RelayNetwork.Clearnet,
            Status = StatusOf(index),
            StartedAt = at,
            FinishedAt = at.AddMilliseconds(50),
        },
    };
}
