namespace Nip66.Contracts;

/// <summary>A signed event the publisher is delivering, for the event log.</summary>
public sealed record NostrEventSigned
{
    public required string EventId { get; init; }

    public required int Kind { get; init; }

    /// <summary>The relay the event describes (the d tag of a 30166), or null for monitor events.</summary>
    public string? RelayUrl { get; init; }

    public Guid? CycleId { get; init; }

    public required long CreatedAt { get; init; }

    public required string EventJson { get; init; }

    public required IReadOnlyList<string> PublishRelays { get; init; }
}
