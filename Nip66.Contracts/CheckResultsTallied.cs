namespace Nip66.Contracts;

/// <summary>
/// Event: a batch of one cycle's <see cref="RelayChecked"/> results, stored by persistence (or, for a row the database
/// refused, isolated in its error queue), counted so that the cycle saga is rewritten once per stored batch instead of
/// once per result. Each list holds cycle indexes (<see cref="RelayChecked.Index"/>) by the status of their result. An
/// index may come again in a later tally (a redelivered result): the saga counts each index once.
/// </summary>
public sealed record CheckResultsTallied
{
    public required Guid CycleId { get; init; }

    public IReadOnlyList<int> Online { get; init; } = [];

    public IReadOnlyList<int> Degraded { get; init; } = [];

    public IReadOnlyList<int> Offline { get; init; } = [];

    /// <summary>One tally per cycle among <paramref name="results"/>.</summary>
    public static IReadOnlyList<CheckResultsTallied> Of(IEnumerable<RelayChecked> results) =>
        [.. results
            .GroupBy(result => result.CycleId)
            .Select(cycle => new CheckResultsTallied
            {
                CycleId = cycle.Key,
                Online = Indexes(cycle, RelayStatus.Online),
                Degraded = Indexes(cycle, RelayStatus.Degraded),
                Offline = Indexes(cycle, RelayStatus.Offline),
            })];

    private static int[] Indexes(IEnumerable<RelayChecked> results, RelayStatus status) =>
        [.. results.Where(result => result.Result.Status == status).Select(result => result.Index)];
}
