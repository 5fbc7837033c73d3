namespace Nip66.Contracts;

/// <summary>Starts the cycle saga with what it has to count.</summary>
public sealed record CycleStarted
{
    public required Guid CycleId { get; init; }

    public required int ExpectedCount { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the cycle is closed with whatever has arrived.</summary>
    public required DateTimeOffset Deadline { get; init; }

    public IReadOnlyList<string> RelayUrls { get; init; } = [];
}
