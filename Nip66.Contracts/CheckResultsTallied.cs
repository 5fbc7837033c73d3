namespace Nip66.Contracts;

/// <summary>
/// Event: a batch of one cycle's <see cref="RelayChecked"/> results, counted by the scheduler's tally endpoint so
/// that the cycle saga is rewritten once per batch instead of once per result. Each list holds cycle indexes
/// (<see cref="RelayChecked.Index"/>) by the status of their result. An index may come again in a later tally (a
/// redelivered result): the saga counts each index once.
/// </summary>
public sealed record CheckResultsTallied
{
    public required Guid CycleId { get; init; }

    public IReadOnlyList<int> Online { get; init; } = [];

    public IReadOnlyList<int> Degraded { get; init; } = [];

    public IReadOnlyList<int> Offline { get; init; } = [];
}
