namespace Nip66.Contracts;

/// <summary>Event: the outcome of one attempt to deliver one event to one publish relay.</summary>
public sealed record EventDelivered
{
    public required string EventId { get; init; }

    public required string PublishRelay { get; init; }

    public required DeliveryOutcome Outcome { get; init; }

    /// <summary>The relay's OK reason, or why there was no answer; for a last failed attempt, "gave up after N attempts: ...".</summary>
    public string? Message { get; init; }

    /// <summary>1 for the first attempt of the delivery.</summary>
    public required int Attempt { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>When the next attempt is due; null when this attempt was the last (accepted, refused or given up).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
