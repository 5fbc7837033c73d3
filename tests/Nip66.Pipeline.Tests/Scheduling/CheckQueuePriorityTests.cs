using System.Text.Json;
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
using Nip66.TestSupport;
using RabbitMQ.Client;

namespace Nip66.Pipeline.Tests.Scheduling;

/// <summary>
/// The check queue's tiers on a real RabbitMQ: a scheduler alone (no checker takes the commands) sends two cycles, and
/// the queue hands the commands out by priority: operator relays by their configured priority, then discovered
/// relays, then candidates. The second cycle's operator relays overtake the first cycle's candidates, sent earlier.
/// </summary>
public sealed class CheckQueuePriorityTests : IAsyncLifetime
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-check-priority-").FullName;
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
    public async Task Operator_relays_come_off_the_queue_first_then_discovered_relays_then_candidates()
    {
        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Roles"] = "scheduler",
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
            ["Data"] = data,
            ["CycleDeadlineSeconds"] = "60",
        }).Build());
        static string Url(string name) => $"wss://{name}.priority.example/";

        using var host = MonitorHost.Build(settings, NostrKeys.Generate(), runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var registry = host.Services.GetRequiredService<IRelayRegistry>();

        // Added lowest tier first, so that the registry's own order (by id) is the reverse of the expected one.
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync())
        {
            db.RelayCandidates.AddRange(
                PendingCandidates.Of(Url("candidate-one-author"), 1),
                PendingCandidates.Of(Url("candidate-four-authors"), 4));
            await db.SaveChangesAsync();
        }

        await registry.AddAsync([Url("discovered")], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await registry.AddAsync([Url("operator-0")], allowPrivateAddresses: true, priority: 0);
        await registry.AddAsync([Url("operator-9")], allowPrivateAddresses: true, priority: 9);
        await registry.AddAsync([Url("operator-3")], allowPrivateAddresses: true, priority: 3);

        await host.StartAsync();
        try
        {
            using var scope = host.Services.CreateScope();
            var starter = scope.ServiceProvider.GetRequiredService<CycleStarter>();
            var (first, firstCount, _) = await starter.StartAsync(CancellationToken.None);
            var (second, secondCount, _) = await starter.StartAsync(CancellationToken.None);
            Assert.Equal((6, 6), (firstCount, secondCount));

            var taken = await TakeAllAsync(new Uri(vhost.Value), firstCount + secondCount);

            // The cycle's order (index) and queue priority of each relay; both cycles send the same six.
            (string Url, int Priority, int Index)[] commands =
            [
                (Url("operator-9"), 9, 0),
                (Url("operator-3"), 5, 1),
                (Url("operator-0"), 2, 2),
                (Url("discovered"), 1, 3),
                (Url("candidate-four-authors"), 0, 4),
                (Url("candidate-one-author"), 0, 5),
            ];
            Assert.Equal(
                commands.SelectMany(c => new[] { (c.Url, c.Priority, c.Index, first), (c.Url, c.Priority, c.Index, second) }).ToHashSet(),
                taken.ToHashSet());

            // Highest first: the second cycle's operator and discovered relays before the first cycle's candidates.
            // Within one priority the queue is first in, first out, and a batch is sent concurrently: no order there.
            Assert.Equal([9, 9, 5, 5, 2, 2, 1, 1, 0, 0, 0, 0], taken.Select(t => t.Priority));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Takes <paramref name="count"/> commands off the check queue: (URL, queue priority, index, cycle) in the order the queue gives them.</summary>
    private static async Task<List<(string Url, int Priority, int Index, Guid Cycle)>> TakeAllAsync(Uri broker, int count)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var taken = new List<(string Url, int Priority, int Index, Guid Cycle)>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (taken.Count < count && DateTime.UtcNow < deadline)
        {
            // The batch is published a little at a time; the queue only orders what it holds, so wait for all of it.
            if (await channel.MessageCountAsync(QueueNames.CheckRelay) < count - taken.Count)
            {
                await Task.Delay(100);
                continue;
            }

            var got = await channel.BasicGetAsync(QueueNames.CheckRelay, autoAck: true);
            Assert.NotNull(got);
            var message = JsonDocument.Parse(got.Body).RootElement.GetProperty("message");
            Assert.Equal(got.BasicProperties.Priority, message.GetProperty("priority").GetByte());
            taken.Add((message.GetProperty("url").GetString()!, got.BasicProperties.Priority, message.GetProperty("index").GetInt32(), message.GetProperty("cycleId").GetGuid()));
        }

        return taken;
    }
}
