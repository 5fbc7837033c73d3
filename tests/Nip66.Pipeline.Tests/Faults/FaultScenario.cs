using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Scheduler;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// The fault tests restart services; they run alone, after the rest of the suite, so that a loaded machine does
/// not stretch their outages into the other tests' timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultTestGroup
{
    public const string Name = "Faults";
}

/// <summary>
/// Twenty relays on 127.0.0.1, checked one at a time (one check per host): eighteen fault-injection endpoints that
/// answer each message after a delay and two real npm relays, so a cycle lasts long enough to break something in
/// the middle of it. A third npm relay is where the 30166s go.
/// </summary>
public sealed class FaultRelays : IAsyncDisposable
{
    private const int SlowRelays = 18;

    private FaultRelays(HostileRelay slow, RelayHost real)
    {
        Slow = slow;
        Real = real;
        Monitored = [.. Enumerable.Range(1, SlowRelays).Select(i => slow.Url($"latency-250-{i}")), real["healthy"].Url, real["readonly"].Url];
    }

    public HostileRelay Slow { get; }

    public RelayHost Real { get; }

    public IReadOnlyList<string> Monitored { get; }

    public string PublishRelay => Real["publish"].Url;

    public static async Task<FaultRelays> StartAsync()
    {
        var slow = await HostileRelay.StartAsync();
        var real = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("readonly", "readonly"), new RelaySpec("publish", "healthy"));
        return new FaultRelays(slow, real);
    }

    public async ValueTask DisposeAsync()
    {
        await Real.DisposeAsync();
        await Slow.DisposeAsync();
    }
}

/// <summary>
/// The whole distributed pipeline (every role) in this process on the services given, with one cycle that a test
/// starts, breaks a service under, and then checks as the user would see it: each relay stored exactly once,
/// the counts right, and a verified 30166 on the publish relay for each relay that is up.
/// </summary>
public sealed class FaultScenario : IAsyncDisposable
{
    private readonly Microsoft.AspNetCore.Builder.WebApplication host;

    private FaultScenario(Microsoft.AspNetCore.Builder.WebApplication host, MonitorSettings settings, NostrKeys keys, IReadOnlyList<string> urls, string dataDirectory)
    {
        this.host = host;
        Settings = settings;
        Keys = keys;
        Urls = urls;
        DataDirectory = dataDirectory;
    }

    public MonitorSettings Settings { get; }

    public NostrKeys Keys { get; }

    /// <summary>The monitored relays, normalized as the registry stores them.</summary>
    public IReadOnlyList<string> Urls { get; }

    private string DataDirectory { get; }

    public IServiceProvider Services => host.Services;

    private IDbContextFactory<MonitorDbContext> Databases => Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();

    public static async Task<FaultScenario> StartAsync(string rabbitMq, string redis, string postgres, IReadOnlyList<string> monitored, string publishRelay)
    {
        var keys = NostrKeys.Generate();
        var dataDirectory = Directory.CreateTempSubdirectory("nip66-faults-").FullName;
        var configuration = EndToEnd.PipelineScenario.Configuration(dataDirectory, keys, publishRelay, new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = rabbitMq,
            ["Redis"] = redis,
            ["Postgres"] = postgres,
            // Generous: the sweeper must not close the cycle while a service is away.
            ["CycleDeadlineSeconds"] = "600",
        });
        var settings = MonitorSettings.Load(configuration);
        var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        try
        {
            await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
            var urls = monitored.Select(u => RelayUrl.Parse(u).Value).ToArray();
            await host.Services.GetRequiredService<IRelayRegistry>().AddAsync(urls, allowPrivateAddresses: true);
            await host.StartAsync();
            return new FaultScenario(host, settings, keys, urls, dataDirectory);
        }
        catch
        {
            await host.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Announces the monitor and starts a cycle; the task completes when the saga completes the cycle.</summary>
    public async Task<Task<CycleCompleted>> StartCycleAsync()
    {
        await host.Services.GetRequiredService<MassTransit.IBus>().Publish(CycleScheduler.MonitorEvents(MonitorHost.SchedulerOptionsFor(Settings), DateTimeOffset.UtcNow));
        using var scope = host.Services.CreateScope();
        var (_, _, completion) = await scope.ServiceProvider.GetRequiredService<CycleStarter>().StartAsync(CancellationToken.None);
        return completion;
    }

    /// <summary>
    /// Waits for the saga to complete the cycle. Past <paramref name="timeout"/> the failure names the relays with no
    /// stored result: none points at the saga's count of stored batches, some at a command or a result lost on the way.
    /// </summary>
    public async Task<CycleCompleted> CompletionAsync(Task<CycleCompleted> cycle, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        try
        {
            return await cycle.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            await using var db = await Databases.CreateDbContextAsync();
            var stored = await db.CheckResults.Select(r => r.Relay!.Url).ToListAsync();
            var missing = Urls.Except(stored, StringComparer.Ordinal).ToList();
            throw new TimeoutException(
                $"the saga did not complete the cycle within {timeout}: {stored.Count} of {Urls.Count} results stored; no result for [{string.Join(", ", missing)}]");
        }
    }

    /// <summary>Check results stored so far, of any cycle.</summary>
    public async Task<int> CountResultsAsync()
    {
        await using var db = await Databases.CreateDbContextAsync();
        return await db.CheckResults.CountAsync();
    }

    /// <summary>
    /// The cycle completed in full: every relay counted once by the saga, stored once in the database (waiting for
    /// the persistence retries to land), the cycle row closed, and a verified 30166 for each relay that is up.
    /// </summary>
    public async Task AssertCompletedInFullAsync(CycleCompleted completed, string publishRelay)
    {
        Assert.Equal((Urls.Count, Urls.Count, false), (completed.Expected, completed.Checked, completed.TimedOut));
        Assert.Equal(Urls.Count, completed.Online + completed.Degraded + completed.Offline);

        // Stored rows trail the saga by a batch; after a database outage, by the persistence retry interval.
        List<string> stored = [];
        await WaitUntilAsync(async () =>
        {
            await using var db = await Databases.CreateDbContextAsync();
            stored = await db.CheckResults.Where(r => r.CycleId == completed.CycleId).Select(r => r.Relay!.Url).ToListAsync();
            return stored.Count >= Urls.Count && await db.Cycles.AnyAsync(c => c.Id == completed.CycleId && c.CompletedAt != null);
        }, TimeSpan.FromMinutes(3), $"{Urls.Count} results and the closed cycle in the database");
        Assert.Equal(Urls.Order(), stored.Order());

        await using var db = await Databases.CreateDbContextAsync();
        var up = await db.CheckResults.Where(r => r.CycleId == completed.CycleId && r.Status != "offline").Select(r => r.Relay!.Url).ToListAsync();
        Assert.Equal(completed.Online + completed.Degraded, up.Count);
        IReadOnlyList<(NostrEvent Event, bool Verified)> published = [];
        await WaitUntilAsync(async () =>
        {
            published = await NostrTools.QueryAsync(publishRelay, $"{{\"kinds\":[30166],\"authors\":[\"{Keys.PublicKeyHex}\"]}}");
            return published.Count >= up.Count;
        }, TimeSpan.FromMinutes(2), $"{up.Count} 30166 events on the publish relay");
        Assert.All(published, e => Assert.True(e.Verified, $"nostr-tools rejected {e.Event.Id}"));
        Assert.Equal(up.Order(), published.Select(e => e.Event.TagValue("d")!).Order());
    }

    /// <summary>Polls until the condition holds; a condition that throws (a service still away) is asked again.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, FormattableString what)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                last = e;
            }

            Assert.True(watch.Elapsed < timeout, $"timed out after {timeout} waiting for {what}; last error: {last?.Message ?? "none"}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync();
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
