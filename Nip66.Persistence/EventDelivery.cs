namespace Nip66.Persistence;

/// <summary>
/// One attempt to deliver one event to one publish relay (table <c>event_deliveries</c>, one row per attempt). The
/// delivery's state is its latest row: accepted or refused, failed with <see cref="RetryAt"/> null (given up), or
/// waiting for the retry at <see cref="RetryAt"/>.
/// </summary>
public sealed class EventDelivery
{
    public long Id { get; set; }

    public required string EventId { get; set; }

    public required string PublishRelay { get; set; }

    /// <summary><c>accepted</c>, <c>refused</c>, <c>refused-temporarily</c> or <c>failed</c>.</summary>
    public required string Outcome { get; set; }

    public string? Message { get; set; }

    /// <summary>1 for the delivery's first attempt.</summary>
    public int Attempt { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>When the next attempt is due; null when this one was the last.</summary>
    public DateTimeOffset? RetryAt { get; set; }
}
