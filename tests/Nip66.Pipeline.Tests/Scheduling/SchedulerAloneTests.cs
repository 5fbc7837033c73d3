using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Scheduler;
using Nip66.Scheduler.Deadlines;
using Nip66.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace Nip66.Pipeline.Tests.Scheduling;

/// <summary>
/// The scheduler role on its own: no persistence role stores its cycles and no checker answers, so a cycle can only
/// end by its deadline, which the scheduler must keep by itself.
/// </summary>
public sealed class SchedulerAloneTests : IAsyncLifetime
{
    private const int DeadlineSeconds = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);
    private readonly string data = Directory.CreateTempSubdirectory("nip66-scheduler-alone-").FullName;
    private readonly NostrKeys keys = NostrKeys.Generate();
    private readonly string[] relays = ["wss://one.scheduler-alone.invalid/", "wss://two.scheduler-alone.invalid/"];
    private TemporaryResource database = null!;
    private TemporaryResource vhost = null!;

    public async Task InitializeAsync()
    {
        database = await TestServices.CreatePostgresDatabaseAsync();
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_distributed_scheduler_without_persistence_closes_its_cycle_by_the_deadline()
    {
        var settings = Settings(new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
        });

        // Another process on the bus, bound before the scheduler starts: it sees what the scheduler announces.
        var closed = new TaskCompletionSource<CycleCompleted>(TaskCreationOptions.RunContinuationsAsynchronously);
        var observer = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(vhost.Value));
            cfg.ReceiveEndpoint("test-cycle-completed", e => e.Handler<CycleCompleted>(context =>
            {
                closed.TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        });
        await observer.StartAsync(new CancellationTokenSource(Bound).Token);
        try
        {
            // The scheduler as `nip66 run --roles scheduler` runs it: it starts a cycle as soon as it starts.
            using var host = MonitorHost.Build(settings, keys, runCycles: true, LogLevel.Warning, urls: "http://127.0.0.1:0");
            await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
            await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(relays, allowPrivateAddresses: true);
            await host.StartAsync();
            try
            {
                var completed = await closed.Task.WaitAsync(Bound);

                AssertClosedByDeadline(completed);
                var tracker = host.Services.GetRequiredService<CycleTracker>();
                await Eventually.TrueAsync(() => !tracker.IsRunning, "the scheduler free to start the next cycle");
                Assert.Empty(await host.Services.GetRequiredService<ICycleDeadlines>().DueAsync(DateTimeOffset.MaxValue));
                var redis = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
                Assert.Equal("Completed", (string?)await redis.HashGetAsync($"nip66:cycle:{completed.CycleId:D}", "data") is { } saga
                    ? System.Text.Json.JsonDocument.Parse(saga).RootElement.GetProperty("CurrentState").GetString()
                    : null);

                // Nobody stored the cycle: it closed on the scheduler's state alone.
                await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
                Assert.False(await db.Cycles.AnyAsync());
                Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            await observer.StopAsync();
        }
    }

    [Fact]
    public async Task An_embedded_scheduler_without_persistence_closes_its_cycle_by_the_deadline()
    {
        var settings = Settings(new Dictionary<string, string?> { ["Mode"] = "embedded" });
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(relays, allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            using var scope = host.Services.CreateScope();
            var (_, expected, completion) = await scope.ServiceProvider.GetRequiredService<CycleStarter>().StartAsync(CancellationToken.None);

            Assert.Equal(relays.Length, expected);
            AssertClosedByDeadline(await completion.WaitAsync(Bound));
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
            Assert.False(await db.Cycles.AnyAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_distributed_scheduler_removes_the_tally_queue_of_earlier_versions_and_its_results()
    {
        // What an earlier scheduler declared: its tally queue, behind its own exchange, bound to RelayChecked's.
        var broker = new Uri(vhost.Value);
        var retired = QueueNames.RetiredSchedulerRelayChecked;
        var relayChecked = "Nip66.Contracts:RelayChecked";
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(relayChecked, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.ExchangeDeclareAsync(retired, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(retired, durable: true, exclusive: false, autoDelete: false);
            await channel.ExchangeBindAsync(retired, relayChecked, string.Empty);
            await channel.QueueBindAsync(retired, retired, string.Empty);
            await channel.BasicPublishAsync(relayChecked, string.Empty, "{}"u8.ToArray());
            await Eventually.TrueAsync(async () => await channel.MessageCountAsync(retired) == 1, "a result in the retired queue");
        }

        var settings = Settings(new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
        });
        using (var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0"))
        {
            await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        }

        // Gone, both: a passive declare of either is refused with 404 and closes its channel.
        foreach (var declare in new Func<IChannel, Task>[] { c => c.QueueDeclarePassiveAsync(retired), c => c.ExchangeDeclarePassiveAsync(retired) })
        {
            await using var channel = await connection.CreateChannelAsync();
            var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => declare(channel));
            Assert.Equal(404, (int?)refused.ShutdownReason?.ReplyCode);
        }
    }

    private void AssertClosedByDeadline(CycleCompleted completed)
    {
        Assert.True(completed.TimedOut);
        Assert.Equal((relays.Length, 0), (completed.Expected, completed.Checked));
        Assert.Equal(Enumerable.Range(0, relays.Length), completed.MissedIndexes);
        Assert.True(completed.Duration >= TimeSpan.FromSeconds(DeadlineSeconds), $"closed after {completed.Duration}, before its deadline");
    }

    private MonitorSettings Settings(Dictionary<string, string?> mode)
    {
        var values = new Dictionary<string, string?>(mode)
        {
            ["Roles"] = "scheduler",
            ["Data"] = data,
            ["CycleDeadlineSeconds"] = DeadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }
}
