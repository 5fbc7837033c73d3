namespace Nip66.Contracts;

/// <summary>Command to the publisher: (re)publish the monitor's own events (10166, 0, 10002).</summary>
public sealed record PublishMonitorEvents
{
    public required int FrequencySeconds { get; init; }

    public required IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; }

    public required IReadOnlyList<CheckType> Checks { get; init; }

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    public required string Name { get; init; }

    public string? About { get; init; }

    public string? Website { get; init; }
}
