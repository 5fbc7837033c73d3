namespace Nip66.Persistence.ReadSide;

/// <summary>One stored check of a relay, for its history chart.</summary>
public sealed record RelayHistoryPoint(DateTimeOffset At, string Status, RoundTrips Rtt, string? FailureClass);
