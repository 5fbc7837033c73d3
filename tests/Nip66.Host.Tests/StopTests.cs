using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Host.Tests;

/// <summary>
/// Every process stops within seconds of SIGTERM or Ctrl-C, whatever it waits for: here, checks of relays that never
/// answer, with every probe allowed five minutes. The stop time is measured from the signal.
/// </summary>
public sealed class StopTests(HealthyRelayFixture fixture, ITestOutputHelper output) : IClassFixture<HealthyRelayFixture>, IDisposable
{
    /// <summary>Generous for a loaded 2-core machine; the monitor gives in-flight messages 2 s and its whole stop 5 s.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string> LongTimeouts = new()
    {
        ["Timeouts:Open"] = "300000",
        ["Timeouts:Read"] = "300000",
        ["Timeouts:Write"] = "300000",
        ["Timeouts:Auth"] = "300000",
        ["Timeouts:Nip11"] = "300000",
    };

    private readonly string data = Directory.CreateTempSubdirectory("nip66-stop-").FullName;

    [Fact]
    public async Task Run_once_stopped_by_SIGTERM_mid_cycle_prints_what_it_has_and_exits_143()
    {
        using var silentA = new SilentListener("127.0.0.2");
        using var silentB = new SilentListener("127.0.0.3");
        await AddRelaysAsync([fixture.Url, silentA.Url, silentB.Url, "--data", data]);
        using var run = Nip66Process.Start(["run", "--once", "--data", data, "--publish-to", fixture.Host["publish"].Url], LongTimeouts);
        await run.WaitForOutputAsync("3 relays to check");

        // The healthy relay's result and its delivery are stored; the other two checks wait on silent relays.
        await using var services = new ServiceCollection().AddPersistence(PersistenceOptions.ForSqliteFolder(data)).BuildServiceProvider();
        var databases = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await databases.CreateDbContextAsync();
            return silentA.Accepted > 0 && silentB.Accepted > 0 && await db.CheckResults.CountAsync() == 1
                && await db.EventDeliveries.CountAsync(d => db.PublishedEvents.Any(e => e.EventId == d.EventId && e.CycleId != null)) == 1;
        }, $"one relay checked and its 30166 delivered, two checks waiting; nip66 said: {run.Output}");

        var (stopTime, exitCode) = await run.StopAsync(Nip66Process.Sigterm, StopBound);

        output.WriteLine($"run --once stopped {stopTime.TotalSeconds:0.00} s after SIGTERM:{Environment.NewLine}{run.Stdout}");
        Assert.Equal(143, exitCode);
        Assert.Matches(@"Stopped by SIGTERM before cycle [0-9a-f-]{36} finished: 1 of 3 relays checked, 2 missing; 30166 events signed: 1, still to sign: 0, deliveries recorded: 1, pending: 0", run.Stdout);
        Assert.Contains($"published to {fixture.Host["publish"].Url}/: accepted 1", run.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"online +{Regex.Escape(fixture.Url)}/ open \d+ms", run.Stdout);
    }

    [Fact]
    public async Task Run_stops_on_ctrl_c_within_seconds_while_a_check_waits_on_a_silent_relay()
    {
        using var silent = new SilentListener("127.0.0.2");
        await AddRelaysAsync([silent.Url, "--data", data]);
        using var run = Nip66Process.Start(["run", "--data", data, "--urls", "http://127.0.0.1:0"], LongTimeouts);
        await Eventually.TrueAsync(() => silent.Accepted > 0, $"the check to reach the silent relay; nip66 said: {run.Output}");

        var (stopTime, exitCode) = await run.StopAsync(Nip66Process.Sigint, StopBound);

        output.WriteLine($"run stopped {stopTime.TotalSeconds:0.00} s after SIGINT");
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Distributed_checker_stopped_mid_check_leaves_the_command_to_another_checker_and_run_once_stops_without_results()
    {
        using var silent = new SilentListener("127.0.0.2");
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        var environment = new Dictionary<string, string>(LongTimeouts)
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
            ["Data"] = data,
            ["Key"] = NostrKeys.Generate().ToNsec(),
            ["Urls"] = "http://127.0.0.1:0",
        };
        await AddRelaysAsync([silent.Url], environment);

        // No checker at first: the cycle cannot close, whatever run --once waits for.
        using var once = Nip66Process.Start(["run", "--once", "--roles", "scheduler,publisher,persistence"], environment);
        await once.WaitForOutputAsync("1 relays to check");
        using (var checker = Nip66Process.Start(["run", "--roles", "checker"], environment))
        {
            await Eventually.TrueAsync(() => silent.Accepted > 0, $"the checker to reach the silent relay; it said: {checker.Output}");

            var (checkerStop, checkerExit) = await checker.StopAsync(Nip66Process.Sigterm, StopBound);

            output.WriteLine($"checker stopped {checkerStop.TotalSeconds:0.00} s after SIGTERM, mid-check");
            Assert.Equal(0, checkerExit);
        }

        // The abandoned CheckRelay went back to its queue, not to check-relay_error: the next checker gets it.
        var reachedBefore = silent.Accepted;
        using (var next = Nip66Process.Start(["run", "--roles", "checker"], environment))
        {
            await Eventually.TrueAsync(() => silent.Accepted > reachedBefore, $"a second checker to get the redelivered check; it said: {next.Output}");
            Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
            var (nextStop, _) = await next.StopAsync(Nip66Process.Sigterm, StopBound);
            output.WriteLine($"second checker stopped {nextStop.TotalSeconds:0.00} s after SIGTERM, mid-check");
        }

        var (onceStop, onceExit) = await once.StopAsync(Nip66Process.Sigterm, StopBound);

        output.WriteLine($"run --once stopped {onceStop.TotalSeconds:0.00} s after SIGTERM:{Environment.NewLine}{once.Stdout}");
        Assert.Equal(143, onceExit);
        Assert.Matches(@"Stopped by SIGTERM before cycle [0-9a-f-]{36} finished: 0 of 1 relays checked, 1 missing", once.Stdout);
    }

    public void Dispose() => Directory.Delete(data, recursive: true);

    private static async Task AddRelaysAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var add = Nip66Process.Start(["relays", "add", .. args], environment);
        Assert.True(await add.ExitAsync(TimeSpan.FromSeconds(60)) == 0, add.Output);
    }
}
