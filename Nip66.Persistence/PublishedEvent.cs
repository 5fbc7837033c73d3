namespace Nip66.Persistence;

/// <summary>A signed event the monitor published (table <c>published_events</c>).</summary>
public sealed class PublishedEvent
{
    /// <summary>64 lower-case hex characters.</summary>
    public required string EventId { get; set; }

    public int Kind { get; set; }

    /// <summary>The d tag of a 30166, or null for the monitor's own events.</summary>
    public string? RelayUrl { get; set; }

    public Guid? CycleId { get; set; }

    /// <summary>The event's created_at, Unix seconds.</summary>
    public long CreatedAt { get; set; }

    public required string EventJson { get; set; }

    public DateTimeOffset SignedAt { get; set; }
}
