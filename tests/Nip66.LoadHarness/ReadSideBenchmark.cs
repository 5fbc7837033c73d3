using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;
using Npgsql;

namespace Nip66.LoadHarness;

/// <summary>
/// <c>readside</c>: seeds a database with the history of a long-running monitor (<see cref="ReadSideSeed"/>) unless it
/// has relays already, then times <c>GET /api/relays</c> through a web-role monitor on it: one request at a time,
/// after a warm-up, printing p50/p95/p99/max per URL.
/// </summary>
internal static class ReadSideBenchmark
{
    static readonly string[] DefaultPaths =
    [
        "/api/relays",
        "/api/relays?status=offline&network=clearnet&page=2",
        "/api/relays?q=host-17.&status=online&sort=rtt-open&dir=desc",
    ];

    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var database = Get("--database", "sqlite");
        var relays = Int("--relays", 10_000);
        var days = Int("--days", 30);
        var rawDays = Int("--raw-days", 30);
        var cyclesPerDay = Int("--cycles-per-day", 96);
        var requests = Int("--requests", 200);
        var warmup = Int("--warmup", 10);
        var paths = args.Contains("--path") ? [Get("--path", "/api/relays")] : DefaultPaths;
        var values = new Dictionary<string, string?> { ["Roles"] = "web", ["Retention:RawDays"] = rawDays.ToString(CultureInfo.InvariantCulture) };
        TemporaryResource? vhost = null;
        switch (database)
        {
            case "sqlite":
                values["Mode"] = "embedded";
                values["Data"] = Get("--data", Path.Combine(Path.GetTempPath(), "nip66-readside"));
                break;
            case "postgres":
                var name = Get("--postgres-database", "nip66_readside");
                await CreatePostgresDatabaseAsync(name);
                vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
                values["Mode"] = "distributed";
                values["Postgres"] = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = name }.ConnectionString;
                values["RabbitMq"] = vhost.Value;
                values["Redis"] = TestServices.Redis;
                break;
            default:
                throw new ArgumentException($"--database: '{database}' is not sqlite or postgres");
        }

        try
        {
            var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
            await using var host = MonitorHost.Build(settings, NostrKeys.Generate(), runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
            await using var hostStop = new HostStop(host);
            await MonitorHost.PrepareAsync(host, settings, stop);
            var factory = host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
            await using (var db = await factory.CreateDbContextAsync(stop))
            {
                if (!await db.Relays.AnyAsync(stop))
                {
                    Console.WriteLine($"seeding {database}: {relays} relays, {days} days of {cyclesPerDay} cycles, raw rows for the last {rawDays} days");
                    var watch = Stopwatch.StartNew();
                    await new ReadSideSeed(relays, days, rawDays, cyclesPerDay, DateTimeOffset.UtcNow).SeedAsync(db, Console.Out, stop);
                    Console.WriteLine($"  seeded in {watch.Elapsed.TotalSeconds:0} s");
                }
            }

            if (args.Contains("--seed-only"))
            {
                return 0;
            }

            if (args.Contains("--in-process"))
            {
                await MeasureInProcessAsync(host.Services, warmup, requests, stop);
            }

            await host.StartAsync(stop);
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
            foreach (var path in paths)
            {
                await MeasureAsync(http, path, warmup, requests, stop);
            }

            return 0;
        }
        finally
        {
            if (vhost is not null)
            {
                await vhost.DisposeAsync();
            }
        }
    }

    static async Task MeasureAsync(HttpClient http, string path, int warmup, int requests, CancellationToken stop)
    {
        var times = new List<double>(requests);
        var bytes = 0L;
        for (var i = 0; i < warmup + requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), stop);
            var body = await response.Content.ReadAsByteArrayAsync(stop);
            watch.Stop();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            }

            if (i >= warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                bytes = body.Length;
            }
        }

        times.Sort();
        double At(double p) => times[Math.Max(0, (int)Math.Ceiling(p * times.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path,-60} n={times.Count} p50 {At(0.50):0.0} ms  p95 {At(0.95):0.0} ms  p99 {At(0.99):0.0} ms  max {times[^1]:0.0} ms  ({bytes} bytes)"));
    }

    /// <summary>The read side's parts without HTTP: the default page, then its uptime alone, then one relay's.</summary>
    static async Task MeasureInProcessAsync(IServiceProvider services, int warmup, int requests, CancellationToken stop)
    {
        var queries = services.GetRequiredService<Nip66.Persistence.ReadSide.RelayStatusQueries>();
        var statistics = services.GetRequiredService<Nip66.Persistence.Statistics.IRelayStatistics>();
        var page = await queries.ListAsync(new Nip66.Persistence.ReadSide.RelayListQuery(), DateTimeOffset.UtcNow, stop);
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(stop);
        var urls = page.Items.Select(i => i.Url).ToList();
        var ids = await db.Relays.Where(r => urls.Contains(r.Url)).Select(r => r.Id).ToListAsync(stop);
        await TimeAsync("ListAsync (default page)", () => queries.ListAsync(new Nip66.Persistence.ReadSide.RelayListQuery(), DateTimeOffset.UtcNow));
        await TimeAsync("GetUptimeAsync (50 relays)", () => statistics.GetUptimeAsync(ids, DateTimeOffset.UtcNow));
        await TimeAsync("GetUptimeAsync (1 relay)", () => statistics.GetUptimeAsync(ids[0], DateTimeOffset.UtcNow));

        async Task TimeAsync(string name, Func<Task> action)
        {
            var times = new List<double>();
            for (var i = 0; i < warmup + requests; i++)
            {
                stop.ThrowIfCancellationRequested();
                var watch = Stopwatch.StartNew();
                await action();
                if (i >= warmup)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-60} n={times.Count} p50 {times[times.Count / 2]:0.0} ms  p95 {times[(int)Math.Ceiling(0.95 * times.Count) - 1]:0.0} ms  (in process)"));
        }
    }

    static async Task CreatePostgresDatabaseAsync(string name)
    {
        var server = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }
}
