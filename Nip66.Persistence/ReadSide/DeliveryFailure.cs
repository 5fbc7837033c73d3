namespace Nip66.Persistence.ReadSide;

/// <summary>The latest delivery attempt to a publish relay that was not accepted.</summary>
public sealed record DeliveryFailure(DateTimeOffset At, string Outcome, string? Message, string EventId, int Attempt, DateTimeOffset? RetryAt);
