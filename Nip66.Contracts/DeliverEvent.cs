namespace Nip66.Contracts;

/// <summary>
/// Command: deliver one signed event to one publish relay. Sent to that relay's own queue, so that a relay that is
/// down or slow delays nothing but its own deliveries; retried on its own.
/// </summary>
public sealed record DeliverEvent
{
    /// <summary>The event's id, to match the relay's <c>OK</c>.</summary>
    public required string EventId { get; init; }

    /// <summary>
    /// The signed event, serialized once by the publisher that signed it (NIP-01 escaping); the deliverer wraps these
    /// exact characters in the <c>EVENT</c> frame without parsing them, so the id and signature stay those signed.
    /// </summary>
    public required string EventJson { get; init; }

    public required string PublishRelay { get; init; }

    /// <summary>
    /// Attempts already made: zero for a new delivery; more for one that a stopping publisher handed back to its
    /// queue between two attempts, so that the retry count goes on where it stopped.
    /// </summary>
    public int PreviousAttempts { get; init; }
}
