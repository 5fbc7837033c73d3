using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Sagas;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Nip66.Pipeline.Tests.Sagas;

/// <summary>
/// The cycle saga on a real (in-memory transport) bus, configured by <see cref="CycleSagaDefinition"/> as in
/// production: a burst of tallies (one result each, the worst case: persistence tallies a stored batch) handled 16
/// at a time on one saga must count every relay once, complete once, and get there through real
/// optimistic-concurrency conflicts and retries.
/// </summary>
public sealed class CycleSagaConcurrencyTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private const int Expected = 200;
    private const int Duplicates = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Redis_repository_counts_a_concurrent_burst_exactly_and_completes_once()
    {
        var prefix = $"nip66:test:{Guid.NewGuid():N}:cycle:";
        try
        {
            var run = await RunBurst(
                services => services.AddSingleton(redis.Connection),
                saga => saga.RedisVersionedRepository(r =>
                {
                    r.Prefix = prefix;
                    r.Expiry = TimeSpan.FromHours(1);
                }),
                async (provider, cycleId) =>
                {
                    var store = (RedisSagaStore)provider.GetVersionedSagaStore<CycleState>();
                    var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(store.KeyFor(cycleId));
                    Assert.NotNull(ttl);
                    Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
                    Assert.StartsWith(prefix, store.KeyFor(cycleId).ToString(), StringComparison.Ordinal);
                },
                partitionByCycle: false);

            // The point of the test: the optimistic path really ran.
            Assert.True(run.StoreConflicts > 0, "No compare-and-set conflict happened: the burst did not exercise optimistic concurrency.");
            // Each conflict failed one attempt, which was retried (a result whose retries ran out would have faulted).
            Assert.True(run.Retries >= run.StoreConflicts, $"{run.StoreConflicts} conflicts but only {run.Retries} retries.");
        }
        finally
        {
            if (redis.IsConnected)
            {
                await redis.DeleteKeysAsync(prefix);
            }
        }
    }

    [Fact]
    public async Task In_memory_repository_counts_a_concurrent_burst_exactly_and_completes_once() =>
        await RunBurst(_ => { }, saga => saga.InMemoryVersionedRepository(), (_, _) => Task.CompletedTask, partitionByCycle: false);

    [Fact]
    public async Task With_the_partitioner_one_process_counts_the_burst_exactly_without_a_single_conflict()
    {
        var run = await RunBurst(_ => { }, saga => saga.InMemoryVersionedRepository(), (_, _) => Task.CompletedTask, partitionByCycle: true);

        Assert.Equal(0, run.StoreConflicts);
    }

    private async Task<BurstResult> RunBurst(
        Action<IServiceCollection> addServices,
        Action<ISagaRegistrationConfigurator<CycleState>> repository,
        Func<IServiceProvider, Guid, Task> checkStorage,
        bool partitionByCycle)
    {
        var observations = new Observations();
        var services = new ServiceCollection();
        addServices(services);
        services.AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(output, LogLevel.Error)));

        // The production definition plus an observer of its retries. Without the partitioner, results collide as they
        // do between scheduler processes.
        var retries = new RetryCounter();
        services.AddSingleton(new CycleSagaOptions { RetryObserver = retries, PartitionByCycle = partitionByCycle });
        services.AddSingleton(observations);
        services.AddMassTransit(x =>
        {
            repository(x.AddSagaStateMachine<CycleStateMachine, CycleState, CycleSagaDefinition>());
            x.AddConsumer<CycleCompletedCollector>();
            x.AddConsumer<FaultCollector>();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var bus = provider.GetRequiredService<IBusControl>();
        bus.ConnectConsumeObserver(observations);
        using (var starting = new CancellationTokenSource(Timeout))
        {
            await bus.StartAsync(starting.Token);
        }


        try
        {
            var cycleId = Guid.NewGuid();
            var startedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();

            await bus.Publish(new CycleStarted
            {
                CycleId = cycleId,
                ExpectedCount = Expected,
                StartedAt = startedAt,
                Deadline = startedAt.AddHours(1),
            });

            // Every index once, plus duplicates of indexes already sent, shuffled, published from many tasks at once.
            var indexes = Enumerable.Range(0, Expected).ToList();
            var random = new Random(66);
            var messages = indexes.OrderBy(_ => random.Next())
                .Concat(Enumerable.Range(0, Duplicates).Select(_ => indexes[random.Next(Expected)]))
                .Select(index => Tally(cycleId, index))
                .ToArray();
            await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, (message, token) => new ValueTask(bus.Publish(message, token)));

            var completed = await observations.FirstCompletion.Task.WaitAsync(Timeout);
            await observations.AllResultsConsumed.Task.WaitAsync(Timeout);
            var elapsed = clock.Elapsed;

            // Let a second completion (the bug this guards against) reach its consumer before counting.
            await Task.Delay(TimeSpan.FromSeconds(1));

            var store = provider.GetVersionedSagaStore<CycleState>();
            var result = new BurstResult(store.ConflictCount, retries.Retries, elapsed);
            output.WriteLine(
                $"{store.GetType().Name}: {Expected + Duplicates} results in {elapsed.TotalMilliseconds:F0} ms, " +
                $"{result.StoreConflicts} store conflicts, {result.Retries} retries (conflicts, and results that overtook their cycle's start).");

            Assert.Empty(observations.Faults);
            Assert.Equal(1, observations.CompletedCount);
            Assert.Equal(cycleId, completed.CycleId);
            Assert.Equal(Expected, completed.Expected);
            Assert.Equal(Expected, completed.Checked);
            Assert.Equal(Expected, completed.Online + completed.Degraded + completed.Offline);
            Assert.Equal(ExpectedOf(RelayStatus.Online), completed.Online);
            Assert.Equal(ExpectedOf(RelayStatus.Degraded), completed.Degraded);
            Assert.Equal(ExpectedOf(RelayStatus.Offline), completed.Offline);
            Assert.False(completed.TimedOut);
            Assert.Empty(completed.MissedIndexes);

            // The saga stays, completed, until it expires: 1 insert + exactly one successful write per tally.
            var saga = await provider.GetRequiredService<ILoadSagaRepository<CycleState>>().Load(cycleId);
            Assert.NotNull(saga);
            Assert.Equal("Completed", saga.CurrentState);
            Assert.Equal(Expected, saga.Checked);
            Assert.Equal(1 + Expected + Duplicates, saga.Version);
            Assert.Empty(saga.MissingIndexes());
            await checkStorage(provider, cycleId);

            return result;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Index i is online, degraded or offline by i mod 3, so each count is known.</summary>
    private static RelayStatus StatusOf(int index) => (RelayStatus)(index % 3);

    private static int ExpectedOf(RelayStatus status) => Enumerable.Range(0, Expected).Count(i => StatusOf(i) == status);

    private static CheckResultsTallied Tally(Guid cycleId, int index) => StatusOf(index) switch
    {
        RelayStatus.Online => new() { CycleId = cycleId, Online = [index] },
        RelayStatus.Degraded => new() { CycleId = cycleId, Degraded = [index] },
        _ => new() { CycleId = cycleId, Offline = [index] },
    };

    private sealed record BurstResult(long StoreConflicts, long Retries, TimeSpan Elapsed);

    /// <summary>What the bus did: completions, faults, results consumed.</summary>
    public sealed class Observations : IConsumeObserver
    {
        private long consumedResults;
        private int completedCount;

        public TaskCompletionSource<CycleCompleted> FirstCompletion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource AllResultsConsumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<string> Faults { get; } = new();

        public int CompletedCount => Volatile.Read(ref completedCount);

        public void Completed(CycleCompleted message)
        {
            Interlocked.Increment(ref completedCount);
            FirstCompletion.TrySetResult(message);
        }

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.Message is CheckResultsTallied && Interlocked.Increment(ref consumedResults) == Expected + Duplicates)
            {
                AllResultsConsumed.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class
        {
            // Attempts the retry policy runs again do not get here; a message that exhausted it (or was not retried) does.
            Faults.Enqueue($"{typeof(T).Name} consume fault: {exception.GetType().Name}: {exception.Message}");
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// Counts the attempts the saga endpoint's retry policy runs again. It cannot tell why: MassTransit 8.5 hands every
    /// later retry context the first attempt's exception, so a ConcurrencyException after a missing instance still
    /// reads as the missing instance.
    /// </summary>
    public sealed class RetryCounter : IRetryObserver
    {
        private long retries;

        public long Retries => Interlocked.Read(ref retries);

        public Task PreRetry<T>(RetryContext<T> context)
            where T : class, PipeContext
        {
            Interlocked.Increment(ref retries);
            return Task.CompletedTask;
        }

        public Task PostCreate<T>(RetryPolicyContext<T> context)
            where T : class, PipeContext => Task.CompletedTask;

        public Task PostFault<T>(RetryContext<T> context)
            where T : class, PipeContext => Task.CompletedTask;

        public Task RetryFault<T>(RetryContext<T> context)
            where T : class, PipeContext => Task.CompletedTask;

        public Task RetryComplete<T>(RetryContext<T> context)
            where T : class, PipeContext => Task.CompletedTask;
    }

    public sealed class CycleCompletedCollector(Observations observations) : IConsumer<CycleCompleted>
    {
        public Task Consume(ConsumeContext<CycleCompleted> context)
        {
            observations.Completed(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class FaultCollector(Observations observations) : IConsumer<Fault<CheckResultsTallied>>, IConsumer<Fault<CycleStarted>>
    {
        public Task Consume(ConsumeContext<Fault<CheckResultsTallied>> context)
        {
            observations.Faults.Enqueue($"Fault<CheckResultsTallied>: {context.Message.Exceptions.FirstOrDefault()?.Message}");
            return Task.CompletedTask;
        }

        public Task Consume(ConsumeContext<Fault<CycleStarted>> context)
        {
            observations.Faults.Enqueue($"Fault<CycleStarted>: {context.Message.Exceptions.FirstOrDefault()?.Message}");
            return Task.CompletedTask;
        }
    }
}
