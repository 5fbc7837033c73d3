using Microsoft.Extensions.DependencyInjection;
using Nip66.Persistence.Maintenance;
using Nip66.Persistence.Statistics;
using static Nip66.Persistence.Tests.MaintenanceData;

namespace Nip66.Persistence.Tests;

public abstract class RelayStatisticsTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : TestDatabase
{
    /// <summary>12:30 on 10 June: the raw part of every window starts at 12:00 on 9 June.</summary>
    static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);

    IRelayStatistics Statistics => database.Services.GetRequiredService<IRelayStatistics>();

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Windows_add_the_raw_last_day_to_the_rollups_before_it()
    {
        var ids = await database.AddRelaysAsync("mixed", "silent", "other");
        var (relay, silent, other) = (ids[0], ids[1], ids[2]);
        var split = new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);
        await database.AddAsync(
            Check(relay, Now.AddHours(-2), Online, open: 100),
            Check(relay, Now.AddHours(-1), Offline),
            Check(relay, Now.AddHours(-20), Degraded, open: 300),
            Check(relay, Now.AddHours(-24), Online, open: 200, read: 20),   // the oldest instant of the day
            Check(relay, split.AddMinutes(10), Offline, open: 5),           // after the split, before the day
            Check(relay, Now.AddMinutes(1), Online, open: 1),               // after now: not counted
            Check(other, Now.AddHours(-2), Online, open: 1));               // not asked for
        await database.AddHourlyAsync(
            // The hour of the split has raw rows: its rollup must not be counted again.
            new RelayHourly { RelayId = relay, Hour = split, Checks = 99, Online = 99 },
            new RelayHourly { RelayId = relay, Hour = Now.AddDays(-3).AddMinutes(-30), Checks = 4, Online = 2, Degraded = 1, Offline = 1 },
            new RelayHourly { RelayId = relay, Hour = Now.AddDays(-7).AddMinutes(-30), Checks = 8, Online = 8 },   // starts before the week
            new RelayHourly { RelayId = relay, Hour = Now.AddDays(-7).AddMinutes(30), Checks = 2, Offline = 2 },   // first hour of the week
            new RelayHourly { RelayId = relay, Hour = Now.AddDays(-20).AddMinutes(-30), Checks = 4, Offline = 4 },
            new RelayHourly { RelayId = relay, Hour = Now.AddDays(-40).AddMinutes(-30), Checks = 4, Online = 4 });

        var uptime = await Statistics.GetUptimeAsync(relay, Now);

        Assert.NotNull(uptime);
        Assert.Equal(Url("mixed"), uptime.Url);
        Assert.Equal(new UptimeWindow(4, 3), uptime.Last24Hours);
        Assert.Equal(0.75, uptime.Last24Hours.Fraction);
        // Raw since the split: 5 checks, 3 up; rollups in the week: 4 (3 up) + 2 (0 up).
        Assert.Equal(new UptimeWindow(11, 6), uptime.Last7Days);
        // And in 30 days: + 8 (8 up) + 4 (0 up).
        Assert.Equal(new UptimeWindow(23, 14), uptime.Last30Days);
        // Open over the day: 100, 200, 300; read: 20; write: none.
        Assert.Equal(new RttPercentiles(200, 300), uptime.Open);
        Assert.Equal(new RttPercentiles(20, 20), uptime.Read);
        Assert.Equal(new RttPercentiles(null, null), uptime.Write);

        // For a page of relays: the same numbers, for the relays asked for only.
        var page = await Statistics.GetUptimeAsync([relay, silent, relay + silent + other + 1000], Now);
        Assert.Equal([relay, silent], page.Keys.Order());
        Assert.Equal(uptime, page[relay]);
        var none = page[silent];
        Assert.Equal(Url("silent"), none.Url);
        Assert.Equal(default, none.Last30Days);
        Assert.Null(none.Last30Days.Fraction);
        Assert.Null(none.Open.P50);

        Assert.Null(await Statistics.GetUptimeAsync(relay + silent + other + 1000, Now));
        Assert.Empty(await Statistics.GetUptimeAsync([], Now));
    }

    [Fact]
    public async Task Months_of_checks_give_the_same_figures_after_maintenance_rolled_up_and_pruned_them()
    {
        var ids = await database.AddRelaysAsync("steady", "flaky");
        var now = Now.AddMinutes(7).AddSeconds(30);
        var random = new Random(66);
        var rows = new List<CheckResult>();
        // A check every 15 minutes for 35 days, up to an hour past now.
        for (var at = now.AddDays(-35); at <= now.AddHours(1); at = at.AddMinutes(15))
        {
            foreach (var (relay, downRate) in new[] { (ids[0], 5), (ids[1], 40) })
            {
                var roll = random.Next(100);
                var status = roll < downRate ? Offline : roll < downRate + 10 ? Degraded : Online;
                rows.Add(Check(relay, at, status,
                    open: status == Offline ? null : random.Next(20, 900),
                    read: status == Online ? random.Next(10, 500) : null,
                    write: status == Online && roll % 3 == 0 ? random.Next(30, 2000) : null));
            }
        }

        await database.AddAsync(rows);
        var report = await database.Maintenance().RunAsync(now);
        Assert.True(report.RawRowsDeleted > 0);
        Assert.True(report.HoursRolledUp > 30 * 24);

        var all = await Statistics.GetUptimeAsync(ids, now);

        var split = MaintenanceService.FloorHour(now.AddDays(-1));
        foreach (var relay in ids)
        {
            var mine = rows.Where(r => r.RelayId == relay && r.FinishedAt <= now).ToList();
            var uptime = all[relay];
            Assert.Equal(Window(mine.Where(r => r.FinishedAt >= now.AddDays(-1))), uptime.Last24Hours);
            Assert.Equal(Window(mine.Where(r => r.FinishedAt >= split || MaintenanceService.FloorHour(r.FinishedAt) >= now.AddDays(-7))), uptime.Last7Days);
            Assert.Equal(Window(mine.Where(r => r.FinishedAt >= split || MaintenanceService.FloorHour(r.FinishedAt) >= now.AddDays(-30))), uptime.Last30Days);
            // The rounding to hours at the oldest edge costs at most the checks of one hour.
            Assert.InRange(Window(mine.Where(r => r.FinishedAt >= now.AddDays(-30))).Checks - uptime.Last30Days.Checks, 0, 4);

            var day = mine.Where(r => r.FinishedAt >= now.AddDays(-1)).ToList();
            Assert.Equal(Rtt(day.Select(r => r.RttOpenMs)), uptime.Open);
            Assert.Equal(Rtt(day.Select(r => r.RttReadMs)), uptime.Read);
            Assert.Equal(Rtt(day.Select(r => r.RttWriteMs)), uptime.Write);
            Assert.Equal(uptime, await Statistics.GetUptimeAsync(relay, now));
        }

        // The flaky relay is down about 40% of the time, the steady one about 5%.
        Assert.InRange(all[ids[0]].Last30Days.Fraction!.Value, 0.9, 1.0);
        Assert.InRange(all[ids[1]].Last30Days.Fraction!.Value, 0.5, 0.7);
    }

    static UptimeWindow Window(IEnumerable<CheckResult> rows)
    {
        var list = rows.ToList();
        return new UptimeWindow(list.Count, list.Count(r => r.Status != Offline));
    }

    static RttPercentiles Rtt(IEnumerable<int?> values)
    {
        var sorted = values.OfType<int>().Order().ToList();
        if (sorted.Count == 0)
        {
            return new RttPercentiles(null, null);
        }

        // Nearest rank, written out: the smallest value with at least p% of the values at or below it.
        int At(int percent) => sorted.First(v => sorted.Count(x => x <= v) * 100 >= percent * sorted.Count);
        return new RttPercentiles(At(50), At(95));
    }
}

public sealed class SqliteRelayStatisticsTests(SqliteDatabase database) : RelayStatisticsTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresRelayStatisticsTests(PostgresDatabase database) : RelayStatisticsTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
