namespace Nip66.Persistence.ReadSide;

/// <summary>When and why a discovered relay was given up (disabled, its history kept).</summary>
public sealed record RelayRetirement(DateTimeOffset At, string? Reason);
