namespace Nip66.Contracts;

/// <summary>The outcome of one delivery attempt.</summary>
public enum DeliveryOutcome
{
    /// <summary>The relay stored the event (<c>OK true</c>, or <c>duplicate:</c>: it already had it).</summary>
    Accepted,

    /// <summary>A refusal that will not change by trying again (<c>invalid:</c>, <c>blocked:</c>, ...): never retried.</summary>
    Refused,

    /// <summary>A refusal that asks to try later (<c>rate-limited:</c>, <c>error:</c>): retried.</summary>
    RefusedTemporarily,

    /// <summary>
    /// No answer: the connection failed or was lost, or no OK came in time. Retried, unless it is the last attempt
    /// (then the message says the delivery gave up).
    /// </summary>
    Failed,
}
