using System.Globalization;
using System.Security.Cryptography;

namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Reads one source (a relay and a filter) page by page, newest first, within a budget of events per round, and
/// moves its <see cref="SourceCursor"/>. A page is a <c>REQ</c> with <c>limit</c> = <see cref="PagedReaderOptions.PageSize"/>
/// and <c>until</c> = the oldest <c>created_at</c> seen so far, inclusive, because the events of one second can
/// straddle a page boundary: they come again and are told apart by id. A scan ends when a page brings nothing new
/// (not merely fewer than asked: many relays serve fewer than the <c>limit</c> asked), at its floor (<c>since</c>),
/// at the budget, or at a failure. A page of nothing but one second's events, all seen, may be a second holding more
/// events than a page: the scan steps below it, and counts it when it filled the page.
/// <para>
/// A round first reads what is new: from now down to <see cref="SourceCursor.NewestSeen"/>. When it gets there, the
/// range read stays gap-free and the rest of the budget back-fills below <see cref="SourceCursor.OldestSeen"/>. When
/// it does not (budget, failure), what it read becomes the new gap-free range and the back-fill starts again from
/// its bottom: the older events are read again, never skipped (readers of the events dedupe by id).
/// </para>
/// Nothing a relay sends throws out of a round: failures end it with a <see cref="ReadEnd"/> and what was read so far.
/// Only the caller's cancellation throws.
/// </summary>
public sealed class PagedReader
{
    /// <summary>Messages a page holds while its events are verified; reading from the relay waits beyond that.</summary>
    private const int PageBuffer = 256;

    private readonly RelayClientOptions clientOptions;
    private readonly PagedReaderOptions options;

    public PagedReader(RelayClientOptions clientOptions, PagedReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        this.clientOptions = clientOptions with { SkipMalformedMessages = true };
        this.options = options;
    }

    /// <summary>
    /// One round on <paramref name="relay"/>: hands each new, verified event matching <paramref name="filter"/> to
    /// <paramref name="onEvent"/> as it is read (at most <paramref name="budget"/> of them), and returns where the next
    /// round starts. The filter's <c>since</c>, <c>until</c> and <c>limit</c> are the reader's to set.
    /// </summary>
    public async Task<PagedRead> ReadAsync(RelayUrl relay, Filter filter, SourceCursor cursor, int budget, Action<VerifiedEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(onEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        if (filter.Since is not null || filter.Until is not null || filter.Limit is not null)
        {
            throw new ArgumentException("the reader sets since, until and limit itself", nameof(filter));
        }

        var round = new Round(filter, budget, options, onEvent);
        RelayConnection connection;
        try
        {
            connection = await RelayConnection.ConnectAsync(relay, clientOptions, options.OpenTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (RelayConnectException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return round.Result(cursor, ReadEnd.ConnectFailed, e.Message, 0);
        }

        await using (connection.ConfigureAwait(false))
        {
            var (next, end, detail) = await ReadRoundAsync(round, connection, cursor, cancellationToken).ConfigureAwait(false);
            return round.Result(next, end, detail, connection.MalformedMessages);
        }
    }

    private static async Task<(SourceCursor Next, ReadEnd End, string? Detail)> ReadRoundAsync(Round round, RelayConnection connection, SourceCursor cursor, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (cursor.NewestSeen is not { } newestSeen)
        {
            var first = await round.ScanAsync(connection, now, null, cancellationToken).ConfigureAwait(false);
            var next = first.Newest is { } newest ? new SourceCursor(newest, first.Oldest, first.Reached) : cursor;
            return (next, first.End, first.Detail);
        }

        var fresh = await round.ScanAsync(connection, now, newestSeen, cancellationToken).ConfigureAwait(false);
        if (!fresh.Reached)
        {
            // A gap would remain between what this scan read and NewestSeen: restart the gap-free range here.
            var next = fresh.Newest is { } newest ? new SourceCursor(newest, fresh.Oldest, false) : cursor;
            return (next, fresh.End, fresh.Detail);
        }

        var caughtUp = cursor with { NewestSeen = Math.Max(newestSeen, fresh.Newest ?? newestSeen) };
        if (cursor.BackfillDone)
        {
            return (caughtUp, ReadEnd.Exhausted, null);
        }

        var oldestSeen = cursor.OldestSeen ?? newestSeen;
        var back = await round.ScanAsync(connection, oldestSeen, null, cancellationToken).ConfigureAwait(false);
        return (caughtUp with { OldestSeen = Math.Min(oldestSeen, back.Oldest ?? oldestSeen), BackfillDone = back.Reached }, back.End, back.Detail);
    }

    /// <summary>One scan down from <c>until</c>: whether it reached its floor (or the relay's oldest event), and the span it read.</summary>
    private sealed record Scan(bool Reached, long? Newest, long? Oldest, ReadEnd End, string? Detail);

    /// <summary>
    /// What one page brought: the events new to the round and their span, and of the valid requested events (new or
    /// seen) the oldest second and whether they were all at the page's <c>until</c>.
    /// </summary>
    private sealed record Page(int New, long NewestNew, long OldestNew, int Requested, long? Oldest, bool AllAtUntil, ReadEnd? End, string? Detail);

    /// <summary>The state of one round: what was read (ids, for dedupe), what remains of the budget, the counts.</summary>
    private sealed class Round(Filter filter, int budget, PagedReaderOptions options, Action<VerifiedEvent> onEvent)
    {
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        private readonly List<string> notices = [];
        private int pages;
        private int duplicates;
        private int invalid;
        private int unrequested;
        private int saturatedSeconds;

        public async Task<Scan> ScanAsync(RelayConnection connection, long until, long? floor, CancellationToken cancellationToken)
        {
            long? newest = null;
            long? oldest = null;
            var pageUntil = until;
            while (true)
            {
                if (seen.Count == budget)
                {
                    return new Scan(false, newest, oldest, ReadEnd.Budget, null);
                }

                var page = await PageAsync(connection, pageUntil, floor, cancellationToken).ConfigureAwait(false);
                if (page.New > 0)
                {
                    newest = Math.Max(newest ?? page.NewestNew, page.NewestNew);
                    oldest = Math.Min(oldest ?? page.OldestNew, page.OldestNew);
                }

                if (page.End is { } end)
                {
                    return new Scan(false, newest, oldest, end, page.Detail);
                }

                if (page.New > 0)
                {
                    pageUntil = page.Oldest!.Value;
                    continue;
                }

                // Only events of the until second, all seen: there may be more of that second than a page (lost to
                // this round), or none older; one more page below it tells which.
                if (page.Requested > 0 && page.AllAtUntil && (floor is null || pageUntil - 1 >= floor))
                {
                    saturatedSeconds += page.Requested >= options.PageSize ? 1 : 0;
                    pageUntil--;
                    continue;
                }

                return new Scan(true, newest, oldest, ReadEnd.Exhausted, null);
            }
        }

        public PagedRead Result(SourceCursor cursor, ReadEnd end, string? detail, long unparseable) =>
            new(seen.Count, cursor, end, detail, pages, duplicates, invalid, unrequested, unparseable, saturatedSeconds, notices);

        private async Task<Page> PageAsync(RelayConnection connection, long until, long? floor, CancellationToken cancellationToken)
        {
            var request = filter with { Since = floor, Until = until, Limit = options.PageSize };
            var fresh = 0;
            var newestNew = long.MinValue;
            var oldestNew = long.MaxValue;
            var requested = 0;
            long? oldest = null;
            var allAtUntil = true;
            Page Ended(ReadEnd? end, string? detail) => new(fresh, newestNew, oldestNew, requested, oldest, allAtUntil, end, detail);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.PageTimeout);
            pages++;
            try
            {
                var subscription = await connection.SubscribeAsync(SubscriptionId(), [request], PageBuffer, timeout.Token).ConfigureAwait(false);
                await using (subscription.ConfigureAwait(false))
                {
                    while (true)
                    {
                        switch (await subscription.ReadAsync(timeout.Token).ConfigureAwait(false))
                        {
                            case EventMessage { Value: var e }:
                                if (!request.Matches(e))
                                {
                                    unrequested++;
                                    break;
                                }

                                // Only ids that verified are in seen: a forged copy cannot pass as a duplicate.
                                var duplicate = seen.Contains(e.Id);
                                var verified = duplicate ? null : VerifiedEvent.Verify(e);
                                if (!duplicate && verified is null)
                                {
                                    invalid++;
                                    break;
                                }

                                requested++;
                                oldest = Math.Min(oldest ?? e.CreatedAt, e.CreatedAt);
                                allAtUntil &= e.CreatedAt == until;
                                if (duplicate)
                                {
                                    duplicates++;
                                    break;
                                }

                                seen.Add(e.Id);
                                fresh++;
                                newestNew = Math.Max(newestNew, e.CreatedAt);
                                oldestNew = Math.Min(oldestNew, e.CreatedAt);
                                onEvent(verified!);
                                if (seen.Count == budget)
                                {
                                    return Ended(ReadEnd.Budget, null);
                                }

                                break;
                            case EoseMessage:
                                return Ended(null, null);
                            case ClosedMessage closed:
                                return Ended(ReadEnd.Closed, closed.Reason.Text);
                            case NoticeMessage notice when notices.Count < options.MaxNotices:
                                notices.Add(SafeText.Clean(notice.Text, options.MaxNoticeChars));
                                break;
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Ended(ReadEnd.Timeout, $"no EOSE within {options.PageTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (page {pages})");
            }
            catch (RelayProtocolException e)
            {
                return Ended(ReadEnd.ConnectionLost, e.Message);
            }
        }

        private static string SubscriptionId() => "discovery-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
    }
}
