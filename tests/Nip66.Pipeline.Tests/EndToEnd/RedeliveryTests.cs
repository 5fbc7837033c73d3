using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

/// <summary>
/// A checker process killed with SIGKILL mid-cycle: RabbitMQ hands its unacknowledged CheckRelay commands to another
/// checker, and the cycle still completes with every relay checked once.
/// </summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    private const int RelayCount = 12;
    private readonly NostrKeys keys = NostrKeys.Generate();
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-redelivery-").FullName;
    private HostileRelay relay = null!;
    private TemporaryResource database = null!;
    private TemporaryResource vhost = null!;

    public async Task InitializeAsync()
    {
        relay = await HostileRelay.StartAsync();
        database = await TestServices.CreatePostgresDatabaseAsync();
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        await vhost.DisposeAsync();
        await database.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Killed_checker_loses_nothing_and_the_cycle_completes()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
            ["Roles"] = "scheduler,publisher,persistence",
            ["PublishRelays"] = string.Empty,
        };
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, string.Empty, environment));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var urls = Enumerable.Range(1, RelayCount).Select(i => RelayUrl.Parse(relay.Url($"slow-{i}")).Value).ToArray();
        await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(urls, allowPrivateAddresses: true);
        await host.StartAsync();
        var databases = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        try
        {
            using var first = StartChecker(environment);
            var cycle = OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(60));
            await WaitUntilAsync(async () => await CountResultsAsync(databases) >= 2, TimeSpan.FromSeconds(60), $"the first checker to store two results; checker said: {first.Output}");

            await first.KillAsync();
            var storedAtKill = await CountResultsAsync(databases);
            Assert.True(storedAtKill < RelayCount, "the cycle finished before the kill; the test proves nothing");

            // With no checker connected, the killed one's unacknowledged commands must show up as ready again
            // (the management API samples queue depth every few seconds, hence the wait).
            await WaitUntilAsync(async () => await TestServices.QueueDepthAsync(vhost.Value, QueueNames.CheckRelay) > 0, TimeSpan.FromSeconds(30), $"commands back in the queue");

            using var second = StartChecker(environment);
            try
            {
                var completed = await cycle.WaitAsync(TimeSpan.FromMinutes(2));

                Assert.Equal((RelayCount, RelayCount, RelayCount, false), (completed.Expected, completed.Checked, completed.Online, completed.TimedOut));
                await using var db = await databases.CreateDbContextAsync();
                var stored = await db.CheckResults.Where(r => r.CycleId == completed.CycleId).Select(r => r.Relay!.Url).ToListAsync();
                Assert.Equal(urls.Order(), stored.Order());
            }
            finally
            {
                await second.KillAsync();
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private Nip66Process StartChecker(Dictionary<string, string?> environment) => Nip66Process.Start(["run", "--roles", "checker"],
        new Dictionary<string, string>(environment.Select(e => KeyValuePair.Create(e.Key, e.Value ?? string.Empty)))
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Data"] = dataDirectory,
            ["Key"] = keys.ToNsec(),
            ["Checker:Concurrency"] = "3",
        });

    private static async Task<int> CountResultsAsync(IDbContextFactory<MonitorDbContext> databases)
    {
        await using var db = await databases.CreateDbContextAsync();
        return await db.CheckResults.CountAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, FormattableString what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < timeout, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
