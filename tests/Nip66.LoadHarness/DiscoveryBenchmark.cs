using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Discovery;
using Nip66.Nostr;
using Nip66.Nostr.RelayLists;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// <c>discovery</c>: seeds one real relay with <see cref="DiscoverySeed"/>'s events, then runs discovery rounds over it
/// until every source has read all of it (a round reads at most <c>--events-per-source</c> per source), printing the
/// time, CPU and peak memory of this process (the relay runs in its own), events and candidates per second, and the
/// ledger's counts.
/// </summary>
internal static class DiscoveryBenchmark
{
    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        var events = Int("--events", 100_000);
        var perSource = Int("--events-per-source", 5_000);
        var database = Get("--database", "sqlite");
        var work = Directory.CreateTempSubdirectory("nip66-discovery-").FullName;
        TemporaryResource? postgres = null;
        try
        {
            var seedFile = Path.Combine(work, "events.jsonl");
            var seeding = Stopwatch.StartNew();
            var kinds = DiscoverySeed.Write(seedFile, events);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded               {events} events in {seeding.Elapsed.TotalSeconds:0.0} s: {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"kind {k.Key} {k.Value}"))}"));
            await using var relay = await RelayHost.StartAsync(new RelaySpec("seeded", "healthy", SeedFile: seedFile));
            var relayUrl = RelayUrl.Parse(relay["seeded"].Url).Value;

            PersistenceOptions persistence;
            if (database == "postgres")
            {
                postgres = await TestServices.CreatePostgresDatabaseAsync();
                persistence = new PersistenceOptions { Provider = PersistenceProvider.Postgres, ConnectionString = postgres.Value };
            }
            else
            {
                persistence = PersistenceOptions.ForSqliteFolder(work);
            }

            var options = new DiscoveryOptions { Relays = [relayUrl], EventsPerSource = perSource };
            await using var services = new ServiceCollection()
                .AddLogging(log => log.SetMinimumLevel(LogLevel.Warning))
                .AddSingleton(TimeProvider.System)
                .AddPersistence(persistence)
                .AddDiscovery(options, [], RelayOptOut.None, new RelayClientOptions { AllowPrivateAddresses = true })
                .BuildServiceProvider();
            await MonitorDatabase.MigrateAsync(services, stop);
            var discovery = services.GetRequiredService<DiscoveryService>();

            var before = ProcStat.Read(Environment.ProcessId)!.Value;
            var watch = Stopwatch.StartNew();
            long read = 0, mentions = 0, candidates = 0, refused = 0, malformed = 0;
            var rounds = 0;
            while (true)
            {
                var round = await discovery.RunRoundAsync(stop);
                rounds++;
                read += round.Sources.Sum(s => s.EventsRead);
                mentions += round.Sources.Sum(s => s.Recorded.Mentions);
                candidates += round.Sources.Sum(s => s.Recorded.NewCandidates);
                refused += round.Sources.Sum(s => s.Recorded.RefusedTotal);
                malformed += round.Sources.Sum(s => s.Malformed.Values.Sum());
                // Done when every source read to the end of the relay's history (a round reads its bounds' seconds again).
                if (round.Failed > 0 || round.Sources.All(s => s.End is null or ReadEnd.Exhausted))
                {
                    break;
                }
            }

            watch.Stop();
            var after = ProcStat.Read(Environment.ProcessId)!.Value;
            var cpu = after.CpuSeconds - before.CpuSeconds;
            var seconds = watch.Elapsed.TotalSeconds;
            await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync(stop);
            var ledger = await db.RelayCandidates.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(stop);
            var authors = await db.CandidateMentions.CountAsync(stop);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                database             {database}; {perSource} events per source per round
                rounds               {rounds} (until every source had read the relay's whole history)
                events read          {read} ({malformed} malformed, skipped) in {seconds:0.0} s: {read / seconds:0} events/s
                mentions             {mentions}: {candidates} new candidates ({candidates / seconds:0}/s), {refused} refused on sight
                ledger               {string.Join(", ", ledger.OrderBy(l => l.Key).Select(l => $"{l.Count} {l.Key.ToString().ToLowerInvariant()}"))}; {authors} (candidate, author) mentions
                CPU                  {cpu:0.0} s ({cpu * 1000 / Math.Max(1, read):0.00} ms per event), this process only
                peak RSS             {after.PeakRssMiB} MiB (this process)
                """));
            return 0;
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }

            Directory.Delete(work, recursive: true);
        }
    }
}
