using Nip66.Nostr.RelayLists;
using Nip66.TestSupport;

namespace Nip66.Nostr.Tests;

/// <summary>
/// The paged reader against real relays (tests/relays, seeded through nostr-tools) with pages of
/// <see cref="PageSize"/> events, and against the hostile relay for what no real relay does.
/// </summary>
public sealed class PagedReaderTests(PagedReaderTests.Relays relays) : IClassFixture<PagedReaderTests.Relays>
{
    private const int PageSize = 10;

    private static readonly Filter RelayLists = new() { Kinds = [10002] };

    /// <summary>Seconds far enough back that every seeded event is older than the reader's "now".</summary>
    private static readonly long Base = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 100_000;

    /// <summary>Generous: the pages are small and local; a loaded CI machine still answers well within it.</summary>
    private static readonly PagedReader Reader = new(new RelayClientOptions(), new PagedReaderOptions { PageSize = PageSize, PageTimeout = TimeSpan.FromSeconds(30) });

    [Fact]
    public async Task Events_of_one_second_across_a_page_boundary_are_each_read_once()
    {
        // Newest first: 7 seconds, then 6 events in one second (pages of 10 split them 3 + 3), then 12 older seconds.
        long[] times = [.. Enumerable.Range(0, 7).Select(i => Base + 100 - i), .. Enumerable.Repeat(Base + 50, 6), .. Enumerable.Range(0, 12).Select(i => Base + 40 - i)];
        var seeded = await NostrTools.SeedAsync(relays.Host["pages"].Url, times.Select(RelayList));

        var (read, events) = await RoundAsync(Reader, relays.Host["pages"].Url, SourceCursor.Start, budget: 1000);

        Assert.Equal(ReadEnd.Exhausted, read.End);
        Assert.Equal(25, read.EventsRead);
        Assert.Equal(seeded.Select(e => e.Id).Order(StringComparer.Ordinal), events.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.True(read.Duplicates >= 3, $"the second split across pages came again: {read.Duplicates} duplicates");
        Assert.Equal(new SourceCursor(Base + 100, Base + 29, true), read.Cursor);
        Assert.Equal(0, read.SaturatedSeconds);
        Assert.Equal(0, read.Malformed);
    }

    [Fact]
    public async Task A_second_holding_more_events_than_a_page_is_read_past_and_counted()
    {
        long[] times = [.. Enumerable.Repeat(Base + 10, PageSize + 2), Base + 9, Base + 8, Base + 7];
        await NostrTools.SeedAsync(relays.Host["saturated"].Url, times.Select(RelayList));

        var (read, events) = await RoundAsync(Reader, relays.Host["saturated"].Url, SourceCursor.Start, budget: 1000);

        Assert.Equal(ReadEnd.Exhausted, read.End);
        Assert.Equal(1, read.SaturatedSeconds);
        Assert.Equal(PageSize + 3, read.EventsRead);
        Assert.Equal([Base + 9, Base + 8, Base + 7], events.Skip(PageSize).Select(e => e.CreatedAt));
        Assert.Equal(new SourceCursor(Base + 10, Base + 7, true), read.Cursor);
    }

    [Fact]
    public async Task Rounds_honour_the_budget_and_resume_from_the_cursor_new_events_first_then_older()
    {
        var url = relays.Host["resume"].Url;
        var old = await NostrTools.SeedAsync(url, Enumerable.Range(1, 25).Select(i => RelayList(Base + i)));

        var (first, firstEvents) = await RoundAsync(Reader, url, SourceCursor.Start, budget: 10);

        Assert.Equal(ReadEnd.Budget, first.End);
        Assert.Equal(10, first.EventsRead);
        Assert.Equal(Enumerable.Range(16, 10).Reverse().Select(i => Base + i), firstEvents.Select(e => e.CreatedAt));
        Assert.Equal(new SourceCursor(Base + 25, Base + 16, false), first.Cursor);

        var fresh = await NostrTools.SeedAsync(url, [RelayList(Base + 30), RelayList(Base + 31), RelayList(Base + 32)]);
        var (second, secondEvents) = await RoundAsync(Reader, url, first.Cursor, budget: 10);

        Assert.Equal(ReadEnd.Budget, second.End);
        Assert.Equal(10, second.EventsRead);
        // What is new comes first (down to the newest seen, read again at its second), then the back-fill below the oldest seen.
        Assert.Equal([Base + 32, Base + 31, Base + 30, Base + 25], secondEvents.Take(4).Select(e => e.CreatedAt));
        Assert.Equal(Enumerable.Range(11, 6).Reverse().Select(i => Base + i), secondEvents.Skip(4).Select(e => e.CreatedAt));
        Assert.Equal(new SourceCursor(Base + 32, Base + 11, false), second.Cursor);

        var all = firstEvents.Concat(secondEvents).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var cursor = second.Cursor;
        PagedRead last;
        var rounds = 2;
        do
        {
            (last, var events) = await RoundAsync(Reader, url, cursor, budget: 10);
            all.UnionWith(events.Select(e => e.Id));
            cursor = last.Cursor;
            Assert.True(++rounds < 10, "the back-fill should end within a few rounds of 10");
        }
        while (!cursor.BackfillDone);

        Assert.Equal(ReadEnd.Exhausted, last.End);
        Assert.Equal(new SourceCursor(Base + 32, Base + 1, true), cursor);
        Assert.Equal(old.Concat(fresh).Select(e => e.Id).ToHashSet(StringComparer.Ordinal), all);

        var (caughtUp, caughtUpEvents) = await RoundAsync(Reader, url, cursor, budget: 10);
        Assert.Equal(ReadEnd.Exhausted, caughtUp.End);
        Assert.Equal([Base + 32], caughtUpEvents.Select(e => e.CreatedAt));
        Assert.Equal(cursor, caughtUp.Cursor);
    }

    [Fact]
    public async Task A_relay_that_never_sends_EOSE_ends_the_round_by_timeout_with_the_cursor_unchanged()
    {
        await using var hostile = await HostileRelay.StartAsync();
        var reader = new PagedReader(new RelayClientOptions(), new PagedReaderOptions { PageSize = PageSize, PageTimeout = TimeSpan.FromSeconds(2) });
        var cursor = new SourceCursor(Base + 5, Base, false);

        var (read, events) = await RoundAsync(reader, hostile.Url("hang-discovery"), cursor, budget: 100);

        Assert.Equal(ReadEnd.Timeout, read.End);
        Assert.StartsWith("no EOSE within 2 s", read.Detail, StringComparison.Ordinal);
        Assert.Empty(events);
        Assert.Equal(cursor, read.Cursor);
    }

    [Fact]
    public async Task Garbage_between_events_is_counted_and_skipped_and_the_genuine_event_is_read()
    {
        await using var hostile = await HostileRelay.StartAsync();

        var (read, events) = await RoundAsync(Reader, hostile.Url(HostileRelay.GarbageBetweenEvents), SourceCursor.Start, budget: 100);

        Assert.Equal(ReadEnd.Exhausted, read.End);
        var genuine = Assert.Single(events);
        Assert.Equal(["wss://between-the-garbage.example"], RelayListParsers.Outbox.Read(VerifiedEvent.Verify(genuine)!).Urls);
        Assert.Equal(2 * read.Pages, read.Unparseable);
        Assert.All(read.Notices, n => Assert.Equal("slow down\uFFFD", n));
        Assert.NotEmpty(read.Notices);
        Assert.Equal(genuine.CreatedAt, read.Cursor.NewestSeen);
    }

    [Fact]
    public async Task A_forged_event_is_counted_invalid_and_never_handed_over()
    {
        await using var hostile = await HostileRelay.StartAsync();

        var (read, events) = await RoundAsync(Reader, hostile.Url("bad-signature"), SourceCursor.Start, budget: 100, new Filter { Kinds = [1] });

        Assert.Empty(events);
        Assert.True(read.Invalid >= 1, $"invalid: {read.Invalid}");
        Assert.Equal(SourceCursor.Start, read.Cursor);
    }

    [Fact]
    public async Task A_relay_that_closes_the_REQ_ends_the_round_with_its_reason()
    {
        var (read, _) = await RoundAsync(Reader, relays.Host["auth"].Url, SourceCursor.Start, budget: 100);

        Assert.Equal(ReadEnd.Closed, read.End);
        Assert.StartsWith("auth-required:", read.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_that_cannot_be_opened_ends_the_round_before_any_page()
    {
        var (read, _) = await RoundAsync(Reader, relays.Host["refused"].Url, SourceCursor.Start, budget: 100);

        Assert.Equal(ReadEnd.ConnectFailed, read.End);
        Assert.Contains("403", read.Detail, StringComparison.Ordinal);
        Assert.Equal(0, read.Pages);
    }

    [Fact]
    public async Task Paging_fields_of_the_filter_are_the_readers_own()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Reader.ReadAsync(RelayUrl.Parse(relays.Host["pages"].Url), RelayLists with { Limit = 5 }, SourceCursor.Start, 10, _ => { }, CancellationToken.None));
    }

    private static UnsignedEvent RelayList(long createdAt) => new(createdAt, 10002, [["r", $"wss://relay-{createdAt}.example"]], string.Empty);

    private static async Task<(PagedRead Read, List<NostrEvent> Events)> RoundAsync(PagedReader reader, string url, SourceCursor cursor, int budget, Filter? filter = null)
    {
        var events = new List<NostrEvent>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var read = await reader.ReadAsync(RelayUrl.Parse(url), filter ?? RelayLists, cursor, budget, e => events.Add(e.Event), deadline.Token);
        Assert.Equal(events.Count, read.EventsRead);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        return (read, events);
    }

    public sealed class Relays : IAsyncLifetime
    {
        public RelayHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await RelayHost.StartAsync(
            new RelaySpec("pages", "healthy"), new RelaySpec("saturated", "healthy"), new RelaySpec("resume", "healthy"),
            new RelaySpec("auth", "auth"), new RelaySpec("refused", "upgrade-refused"));

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
