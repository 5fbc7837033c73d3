namespace Nip66.Persistence.Candidates;

/// <summary>One URL text as an event mentions it, for the <see cref="CandidateLedger"/>.</summary>
/// <param name="Url">The text as written (not normalized: the ledger does that).</param>
/// <param name="Kind">The kind of the event that mentions it (10002, 3, 30002, 30166).</param>
/// <param name="EventId">The event's id, lower-case hex.</param>
/// <param name="Author">The event's author, lower-case hex.</param>
/// <param name="SeenAt">When the monitor read the event (not its created_at, which the author chose).</param>
public sealed record UrlMention(string Url, int Kind, string EventId, string Author, DateTimeOffset SeenAt);
