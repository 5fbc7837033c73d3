namespace Nip66.Persistence.ReadSide;

/// <summary>A stored cycle as the status API lists it; on time means completed, not by its deadline, within the frequency.</summary>
public sealed record CycleView(
    Guid Id,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    int Expected,
    int Checked,
    int Online,
    int Degraded,
    int Offline,
    double? DurationSeconds,
    bool TimedOut,
    bool OnTime);
