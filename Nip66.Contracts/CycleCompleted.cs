namespace Nip66.Contracts;

public sealed record CycleCompleted
{
    public required Guid CycleId { get; init; }

    public required int Expected { get; init; }

    public required int Checked { get; init; }

    public required int Online { get; init; }

    public required int Degraded { get; init; }

    public required int Offline { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public TimeSpan Duration => CompletedAt - StartedAt;

    /// <summary>True when the deadline closed the cycle before every relay was checked.</summary>
    public required bool TimedOut { get; init; }

    /// <summary>Cycle indexes of the relays with no result; persistence maps them to URLs.</summary>
    public IReadOnlyList<int> MissedIndexes { get; init; } = [];
}
