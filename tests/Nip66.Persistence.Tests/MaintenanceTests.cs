using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;
using Nip66.Persistence.Maintenance;
using static Nip66.Persistence.Tests.MaintenanceData;

namespace Nip66.Persistence.Tests;

public abstract class MaintenanceTests<TDatabase>(TDatabase database) : IAsyncLifetime
    where TDatabase : TestDatabase
{
    /// <summary>Half past noon: the hour 12:00 is still under way.</summary>
    static readonly DateTimeOffset Now = new(2026, 6, 10, 12, 30, 0, TimeSpan.Zero);

    static readonly DateTimeOffset Nine = new(2026, 6, 10, 9, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Relay a: six checks in 09:00–10:00 (one given at +02:00), one at 10:00 sharp, one in the current hour; b: one in 09:00.</summary>
    async Task<(long A, long B)> SeedKnownHourAsync()
    {
        var ids = await database.AddRelaysAsync("a", "b");
        var (a, b) = (ids[0], ids[1]);
        await database.AddAsync(
            Check(a, Nine, Online, open: 100, read: 40, write: 10),
            Check(a, Nine.AddMinutes(15), Online, open: 300, read: 60),
            Check(a, new DateTimeOffset(2026, 6, 10, 11, 20, 0, TimeSpan.FromHours(2)), Online, open: 250, read: 70),
            Check(a, Nine.AddMinutes(30), Degraded, open: 200),
            Check(a, Nine.AddMinutes(45), Online, open: 400, read: 50, write: 30),
            Check(a, Nine.AddHours(1).AddSeconds(-1), Offline),
            Check(a, Nine.AddHours(1), Online, open: 999, read: 5),
            Check(a, Now.AddMinutes(-25), Online, open: 1),
            Check(b, Nine.AddMinutes(5), Offline));
        return (a, b);
    }

    [Fact]
    public async Task Rolls_up_counts_and_nearest_rank_percentiles_of_each_complete_hour()
    {
        var (a, b) = await SeedKnownHourAsync();

        var report = await database.Maintenance().RunAsync(Now);

        Assert.Equal(2, report.HoursRolledUp);
        Assert.Equal(3, report.RollupRowsWritten);
        Assert.Equal(Now, report.At);
        Assert.Equal(0, report.RawRowsDeleted);
        Assert.True(report.Duration >= TimeSpan.Zero);
        Assert.Equal(
            [
                // open 100,200,250,300,400 → p50 rank 3, p95 rank 5; read 40,50,60,70 → ranks 2 and 4; write 10,30 → ranks 1 and 2.
                new HourRow(a, Nine, 6, 4, 1, 1, 250, 400, 50, 70, 10, 30),
                new HourRow(a, Nine.AddHours(1), 1, 1, 0, 0, 999, 999, 5, 5, null, null),
                new HourRow(b, Nine, 1, 0, 0, 1, null, null, null, null, null, null),
            ],
            await database.HourlyAsync());
        // Nothing is deleted while it is within the retention.
        Assert.Equal(9, (await database.RawTimesAsync()).Count);
    }

    [Fact]
    public async Task Running_again_writes_the_same_rows_and_picks_up_the_hour_that_was_under_way()
    {
        var (a, _) = await SeedKnownHourAsync();
        var service = database.Maintenance();

        await service.RunAsync(Now);
        var first = await database.HourlyAsync();
        var again = await service.RunAsync(Now);
        Assert.Equal(first, await database.HourlyAsync());
        Assert.Equal(0, again.RawRowsDeleted);

        // An hour later the 12:00 hour is complete: rolled up once, the others unchanged.
        var later = await service.RunAsync(Now.AddHours(1));
        Assert.True(later.HoursRolledUp >= 1);
        var rows = await database.HourlyAsync();
        Assert.Equal(
            [.. first.Append(new HourRow(a, Nine.AddHours(3), 1, 1, 0, 0, 1, 1, null, null, null, null)).OrderBy(r => r.RelayId).ThenBy(r => r.Hour)],
            rows);
        await service.RunAsync(Now.AddHours(1));
        Assert.Equal(rows, await database.HourlyAsync());
    }

    [Fact]
    public async Task A_late_result_recomputes_its_hour()
    {
        var (a, b) = await SeedKnownHourAsync();
        var service = database.Maintenance();
        await service.RunAsync(Now);
        await service.RunAsync(Now.AddHours(1));
        await service.RunAsync(Now.AddHours(2));
        var before = await database.HourlyAsync();

        // Three runs later (the watermark has moved past the hour), two results for 09:00 arrive.
        await database.AddAsync(Check(a, Nine.AddMinutes(50), Offline), Check(b, Nine.AddMinutes(55), Online, open: 80));
        var report = await service.RunAsync(Now.AddHours(2));

        Assert.True(report.HoursRolledUp >= 1);
        var after = await database.HourlyAsync();
        Assert.Equal(new HourRow(a, Nine, 7, 4, 1, 2, 250, 400, 50, 70, 10, 30), after.Single(r => r.RelayId == a && r.Hour == Nine));
        Assert.Equal(new HourRow(b, Nine, 2, 1, 0, 1, 80, 80, null, null, null, null), after.Single(r => r.RelayId == b && r.Hour == Nine));
        // The other hours are untouched.
        Assert.Equal(before.Where(r => r.Hour != Nine), after.Where(r => r.Hour != Nine));
    }

    [Fact]
    public async Task A_row_committed_after_a_higher_id_was_read_is_rolled_up_by_the_next_run()
    {
        var a = (await database.AddRelaysAsync("a"))[0];
        const long Base = 2_000_000;
        CheckResult WithId(long id, DateTimeOffset at, string status)
        {
            var row = Check(a, at, status);
            row.Id = Base + id;
            return row;
        }

        var service = database.Maintenance();
        await database.AddAsync(Enumerable.Range(1, 5).Select(i => WithId(i, Nine.AddMinutes(i), Online)));
        await service.RunAsync(Now);
        await database.AddAsync(WithId(10, Nine.AddHours(1), Online));
        await service.RunAsync(Now);
        Assert.Equal(5, (await database.HourlyAsync()).Single(h => h.Hour == Nine).Checks);

        // Id 7 was taken before id 10 but committed after the last run had read id 10.
        await database.AddAsync(WithId(7, Nine.AddMinutes(30), Offline));
        await service.RunAsync(Now);

        var nine = (await database.HourlyAsync()).Single(h => h.Hour == Nine);
        Assert.Equal((6, 1), (nine.Checks, nine.Offline));
    }

    [Fact]
    public async Task Once_caught_up_a_run_recomputes_nothing_even_after_a_result_stamped_days_ahead()
    {
        var a = (await database.AddRelaysAsync("a"))[0];
        await database.AddAsync(Check(a, Now.AddDays(5), Online));
        await database.AddAsync(Check(a, Nine, Online), Check(a, Nine.AddHours(1), Offline));
        var service = database.Maintenance();

        Assert.Equal(2, (await service.RunAsync(Now)).HoursRolledUp);
        await service.RunAsync(Now);
        Assert.Equal(0, (await service.RunAsync(Now)).HoursRolledUp);

        // A real result in the far hour, once it comes, rolls that hour up with the early one.
        await database.AddAsync(Check(a, Now.AddDays(5).AddMinutes(10), Offline));
        var later = Now.AddDays(5).AddHours(1);
        Assert.Equal(1, (await service.RunAsync(later)).HoursRolledUp);
        var far = (await database.HourlyAsync()).Single(h => h.Hour == MaintenanceService.FloorHour(Now.AddDays(5)));
        Assert.Equal((2, 1, 1), (far.Checks, far.Online, far.Offline));
    }

    [Fact]
    public async Task Raw_rows_are_deleted_by_whole_hours_after_the_retention_once_rolled_up()
    {
        var ids = await database.AddRelaysAsync("a", "b");
        var (a, b) = (ids[0], ids[1]);
        var cut = new DateTimeOffset(2026, 5, 11, 12, 0, 0, TimeSpan.Zero); // the hour of Now − 30 days
        var old = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
        await database.AddAsync(
            Check(a, old.AddMinutes(1), Online, open: 10),
            Check(a, old.AddMinutes(16), Online, open: 30),
            Check(a, old.AddMinutes(31), Offline),
            Check(a, cut.AddSeconds(-1), Degraded, open: 7),
            Check(a, cut, Online),                      // kept: its hour is inside the retention
            Check(a, Now.AddDays(-30), Online),         // kept: in the hour of the cut
            Check(a, Now.AddDays(-10), Online),
            Check(a, Now.AddMinutes(-5), Online));

        var report = await database.Maintenance().RunAsync(Now);

        Assert.Equal(4, report.RawRowsDeleted);
        Assert.Equal([cut, Now.AddDays(-30), Now.AddDays(-10), Now.AddMinutes(-5)], await database.RawTimesAsync());
        // Every deleted row is in its hour's rollup.
        var hourly = await database.HourlyAsync();
        Assert.Equal(new HourRow(a, old, 3, 2, 0, 1, 10, 30, null, null, null, null), hourly.Single(r => r.Hour == old));
        Assert.Equal(1, hourly.Single(r => r.Hour == cut.AddHours(-1)).Checks);

        // A result for an hour already pruned does not replace that hour's rollup with itself; a relay that had no
        // row in that hour gains one. Both raw rows go.
        await database.AddAsync(Check(a, old.AddMinutes(40), Online, open: 5000), Check(b, old.AddMinutes(41), Offline));
        var late = await database.Maintenance().RunAsync(Now);
        Assert.Equal(2, late.RawRowsDeleted);
        hourly = await database.HourlyAsync();
        Assert.Equal(new HourRow(a, old, 3, 2, 0, 1, 10, 30, null, null, null, null), hourly.Single(r => r.RelayId == a && r.Hour == old));
        Assert.Equal(new HourRow(b, old, 1, 0, 0, 1, null, null, null, null, null, null), hourly.Single(r => r.RelayId == b && r.Hour == old));
        Assert.Equal(4, (await database.RawTimesAsync()).Count);
    }

    [Fact]
    public async Task Event_log_pruning_removes_old_events_with_their_deliveries()
    {
        string oldEvent = EventId(), recentEvent = EventId(), neverStored = EventId(), recentOrphan = EventId();
        await using (var db = await database.OpenAsync())
        {
            db.PublishedEvents.AddRange(
                new PublishedEvent { EventId = oldEvent, Kind = 30166, EventJson = "{}", SignedAt = Now.AddDays(-31) },
                new PublishedEvent { EventId = recentEvent, Kind = 30166, EventJson = "{}", SignedAt = Now.AddDays(-29) });
            db.EventDeliveries.AddRange(
                new EventDelivery { EventId = oldEvent, PublishRelay = "wss://p1.example/", Outcome = "accepted", At = Now.AddDays(-31) },
                // Delivered (retried) inside the retention, but its event is old: it goes with it.
                new EventDelivery { EventId = oldEvent, PublishRelay = "wss://p2.example/", Outcome = "failed", At = Now.AddDays(-29) },
                new EventDelivery { EventId = recentEvent, PublishRelay = "wss://p1.example/", Outcome = "accepted", At = Now.AddDays(-29) },
                new EventDelivery { EventId = neverStored, PublishRelay = "wss://p1.example/", Outcome = "refused", At = Now.AddDays(-40) },
                new EventDelivery { EventId = recentOrphan, PublishRelay = "wss://p1.example/", Outcome = "accepted", At = Now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var report = await database.Maintenance().RunAsync(Now);

        Assert.Equal(1, report.EventsDeleted);
        Assert.Equal(3, report.DeliveriesDeleted);
        await using (var db = await database.OpenAsync())
        {
            Assert.Equal([recentEvent], await db.PublishedEvents.Select(e => e.EventId).ToListAsync());
            Assert.Equal(
                new[] { recentEvent, recentOrphan }.Order(StringComparer.Ordinal),
                (await db.EventDeliveries.Select(d => d.EventId).ToListAsync()).Order(StringComparer.Ordinal));
        }

        // A shorter retention takes the recent event too.
        var shorter = await database.Maintenance(new MaintenanceOptions { EventLogRetention = TimeSpan.FromDays(7) }).RunAsync(Now);
        Assert.Equal(1, shorter.EventsDeleted);
        Assert.Equal(1, shorter.DeliveriesDeleted);
    }

    [Fact]
    public async Task Event_log_pruning_goes_batch_by_batch()
    {
        var old = Enumerable.Range(0, 5).Select(_ => EventId()).ToList();
        var recent = EventId();
        await using (var db = await database.OpenAsync())
        {
            foreach (var (id, i) in old.Append(recent).Select((id, i) => (id, i)))
            {
                var signed = id == recent ? Now.AddDays(-1) : Now.AddDays(-40).AddMinutes(i);
                db.PublishedEvents.Add(new PublishedEvent { EventId = id, Kind = 30166, EventJson = "{}", SignedAt = signed });
                db.EventDeliveries.Add(new EventDelivery { EventId = id, PublishRelay = "wss://p1.example/", Outcome = "accepted", At = signed });
                db.EventDeliveries.Add(new EventDelivery { EventId = id, PublishRelay = "wss://p2.example/", Outcome = "refused", At = signed });
            }

            await db.SaveChangesAsync();
        }

        var recorder = new StatementRecorder();
        var report = await database.Maintenance(new MaintenanceOptions { BatchSize = 2 }, new InterceptedFactory(database, recorder)).RunAsync(Now);

        Assert.Equal(5, report.EventsDeleted);
        Assert.Equal(10, report.DeliveriesDeleted);
        Assert.Equal([2, 2, 1], recorder.NonQueries.Where(s => s.Sql.Replace("\"", "", StringComparison.Ordinal).StartsWith("DELETE FROM published_events", StringComparison.Ordinal)).Select(s => s.Rows));
        await using (var db = await database.OpenAsync())
        {
            Assert.Equal([recent], await db.PublishedEvents.Select(e => e.EventId).ToListAsync());
            Assert.Equal([recent, recent], await db.EventDeliveries.Select(d => d.EventId).ToListAsync());
        }
    }

    [Fact]
    public async Task Cycles_and_rollups_are_deleted_after_their_retention()
    {
        var a = (await database.AddRelaysAsync("a"))[0];
        Guid oldCycle = Guid.NewGuid(), recentCycle = Guid.NewGuid();
        await using (var db = await database.OpenAsync())
        {
            db.Cycles.AddRange(
                new Cycle { Id = oldCycle, StartedAt = Now.AddDays(-31), Deadline = Now.AddDays(-31), RelayUrlsJson = "[]" },
                new Cycle { Id = recentCycle, StartedAt = Now.AddDays(-29), Deadline = Now.AddDays(-29), RelayUrlsJson = "[]" });
            await db.SaveChangesAsync();
        }

        var hundredDays = MaintenanceService.FloorHour(Now.AddDays(-100));
        var sixtyDays = MaintenanceService.FloorHour(Now.AddDays(-60));
        await database.AddHourlyAsync(
            new RelayHourly { RelayId = a, Hour = hundredDays, Checks = 4, Online = 4 },
            new RelayHourly { RelayId = a, Hour = sixtyDays, Checks = 4, Offline = 4 });

        // By default rollups are kept forever.
        var report = await database.Maintenance().RunAsync(Now);
        Assert.Equal(1, report.CyclesDeleted);
        Assert.Equal(0, report.RollupsDeleted);
        await using (var db = await database.OpenAsync())
        {
            Assert.Equal([recentCycle], await db.Cycles.Select(c => c.Id).ToListAsync());
        }

        var kept90 = await database.Maintenance(new MaintenanceOptions { RollupRetention = TimeSpan.FromDays(90) }).RunAsync(Now);
        Assert.Equal(1, kept90.RollupsDeleted);
        Assert.Equal([sixtyDays], (await database.HourlyAsync()).Select(h => h.Hour));
    }

    [Fact]
    public async Task Discovered_relays_offline_past_the_limit_are_retired_with_their_history_and_operator_relays_never()
    {
        var offlineAfter = new DiscoveryOptions().RetireOfflineAfter;
        Relay Discovered(string name, DateTimeOffset? lastOnline, DateTimeOffset added) =>
            new() { Url = Url(name), Origin = RelayOrigin.Discovered, AllowPrivateAddresses = false, LastOnlineAt = lastOnline, AddedAt = added };
        var gone = Discovered("gone", Now - offlineAfter - TimeSpan.FromHours(1), Now.AddDays(-90));
        var neverUp = Discovered("never-up-since-promotion", null, Now - offlineAfter - TimeSpan.FromMinutes(1));
        var recent = Discovered("recent", Now - offlineAfter + TimeSpan.FromHours(1), Now.AddDays(-90));
        var promotedLately = Discovered("promoted-lately", null, Now.AddDays(-1));
        var operatorRelay = new Relay { Url = Url("operator"), LastOnlineAt = Now.AddDays(-100), AddedAt = Now.AddDays(-200) };
        await using (var db = await database.OpenAsync())
        {
            db.Relays.AddRange(gone, neverUp, recent, promotedLately, operatorRelay);
            db.RelayCandidates.AddRange(new[] { gone, neverUp, recent, promotedLately }.Select(r => new RelayCandidate
            {
                Url = r.Url,
                Host = new Uri(r.Url).Host,
                State = CandidateState.Promoted,
                FirstEventId = EventId(),
                FirstAuthor = EventId(),
                PromotedAt = r.AddedAt,
            }));
            await db.SaveChangesAsync();
        }

        await database.AddAsync(Check(gone.Id, Now.AddHours(-2), Offline), Check(operatorRelay.Id, Now.AddHours(-2), Offline));

        var report = await database.Maintenance().RunAsync(Now);

        Assert.Equal(2, report.RelaysRetired);
        await using (var db = await database.OpenAsync())
        {
            var relays = await db.Relays.AsNoTracking().ToDictionaryAsync(r => r.Url);
            foreach (var retired in new[] { gone, neverUp })
            {
                Assert.Equal((false, CandidateReasons.Offline), (relays[retired.Url].Enabled, relays[retired.Url].RetiredReason));
                Checks.SameInstant(Now, relays[retired.Url].RetiredAt);
            }

            foreach (var kept in new[] { recent, promotedLately, operatorRelay })
            {
                Assert.Equal((true, null, null), (relays[kept.Url].Enabled, relays[kept.Url].RetiredAt, relays[kept.Url].RetiredReason));
            }

            Assert.Equal(1, await db.CheckResults.CountAsync(c => c.RelayId == gone.Id));
            var candidates = await db.RelayCandidates.AsNoTracking().ToDictionaryAsync(c => c.Url);
            Assert.Equal((CandidateState.Retired, CandidateReasons.Offline), (candidates[gone.Url].State, candidates[gone.Url].Reason));
            Assert.Equal((CandidateState.Retired, CandidateReasons.Offline), (candidates[neverUp.Url].State, candidates[neverUp.Url].Reason));
            Assert.Equal((CandidateState.Promoted, null), (candidates[recent.Url].State, candidates[recent.Url].Reason));
        }

        Assert.Equal(0, (await database.Maintenance().RunAsync(Now.AddMinutes(1))).RelaysRetired);
        Assert.DoesNotContain(await new RelaySchedule(database.Factory()).GetDueAsync(Now), r => r.Url == gone.Url || r.Url == neverUp.Url);
    }

    [Fact]
    public async Task Twelve_thousand_old_rows_go_in_bounded_statements()
    {
        var relays = await database.AddRelaysAsync("r0", "r1", "r2", "r3", "r4");
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var rows = new List<CheckResult>();
        for (var i = 0; i < 12_000; i++)
        {
            // Ten hours, five relays, a status cycle of five: 240 checks per relay and hour.
            var at = start.AddSeconds(i * 3);
            rows.Add(Check(relays[i % 5], at, (i / 5 % 5) switch { 0 => Offline, 1 => Degraded, _ => Online }, open: i % 1000));
        }

        for (var i = 0; i < 7; i++)
        {
            rows.Add(Check(relays[0], Now.AddHours(-i - 1), Online));
        }

        await database.AddAsync(rows);
        var recorder = new StatementRecorder();
        var service = database.Maintenance(factory: new InterceptedFactory(database, recorder));

        var report = await service.RunAsync(Now);

        Assert.Equal(12_000, report.RawRowsDeleted);
        Assert.Equal(7, (await database.RawTimesAsync()).Count);
        Assert.Equal(10 + 7, report.HoursRolledUp);
        var hourly = await database.HourlyAsync();
        var old = hourly.Where(h => h.Hour < Now.AddDays(-1)).ToList();
        Assert.Equal(50, old.Count);
        Assert.All(old, h => Assert.Equal(240, h.Checks));
        Assert.Equal(12_000, old.Sum(h => h.Checks));
        Assert.Equal(2_400, old.Sum(h => h.Offline));
        Assert.Equal(2_400, old.Sum(h => h.Degraded));

        // At most one batch per statement: the scan read 12,007 ids in three queries, the deletes took three.
        var deletes = recorder.NonQueries.Where(s => s.Sql.Contains("DELETE", StringComparison.OrdinalIgnoreCase)
            && s.Sql.Contains("check_results", StringComparison.Ordinal)).ToList();
        Assert.Equal([5_000, 5_000, 2_000], deletes.Select(d => d.Rows));
        Assert.All(recorder.NonQueries, s => Assert.True(s.Rows <= MaintenanceOptions.DefaultBatchSize, $"{s.Rows} rows: {s.Sql}"));
        Assert.Equal(3, recorder.Queries.Count(q => q.Contains("AS \"FinishedAt\"", StringComparison.Ordinal) && q.Contains("LIMIT", StringComparison.Ordinal)));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => database.Maintenance(new MaintenanceOptions { RawRetention = TimeSpan.FromHours(12) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => database.Maintenance(new MaintenanceOptions { RollupRetention = TimeSpan.FromDays(7) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => database.Maintenance(new MaintenanceOptions { Interval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => database.Maintenance(new MaintenanceOptions { BatchSize = 0 }));
    }
}

public sealed class SqliteMaintenanceTests(SqliteDatabase database) : MaintenanceTests<SqliteDatabase>(database), IClassFixture<SqliteDatabase>;

public sealed class PostgresMaintenanceTests(PostgresDatabase database) : MaintenanceTests<PostgresDatabase>(database), IClassFixture<PostgresDatabase>;
