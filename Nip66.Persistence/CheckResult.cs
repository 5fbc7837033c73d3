namespace Nip66.Persistence;

/// <summary>One stored check of one relay in one cycle (table <c>check_results</c>).</summary>
public sealed class CheckResult
{
    public long Id { get; set; }

    public long RelayId { get; set; }

    public Relay? Relay { get; set; }

    public Guid CycleId { get; set; }

    public required string Status { get; set; }

    public int? RttOpenMs { get; set; }

    public int? RttReadMs { get; set; }

    public int? RttWriteMs { get; set; }

    public string? FailureCheck { get; set; }

    public string? FailureClass { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>
    /// Whether the publisher signs a 30166 for this check (<see cref="Contracts.RelayCheckResult.IsPublishable"/>),
    /// so that a cycle's stored results tell how many events it should sign. False on rows from before the column.
    /// </summary>
    public bool Publishable { get; set; }

    /// <summary>The per-probe outcomes as a JSON array.</summary>
    public required string ChecksJson { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }
}
