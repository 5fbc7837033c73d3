namespace Nip66.Persistence;

/// <summary>A check cycle (table <c>cycles</c>).</summary>
public sealed class Cycle
{
    public Guid Id { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public int Expected { get; set; }

    public int Checked { get; set; }

    public int Online { get; set; }

    public int Degraded { get; set; }

    public int Offline { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool TimedOut { get; set; }

    /// <summary>JSON array of the URLs that had no result when the cycle completed.</summary>
    public string? MissedJson { get; set; }

    /// <summary>JSON array of the cycle's relay URLs in cycle-index order.</summary>
    public required string RelayUrlsJson { get; set; }
}
