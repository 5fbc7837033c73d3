namespace Nip66.Contracts;

/// <summary>One probe's outcome: success with a round-trip time, or a classified failure.</summary>
public sealed record CheckOutcome(CheckType Check, bool Success, int? RttMs, FailureClass? Failure, string? Message);
