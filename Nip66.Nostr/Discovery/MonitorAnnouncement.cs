namespace Nip66.Nostr.Discovery;

/// <summary>Kind 10166: how often and how this monitor checks relays.</summary>
public sealed record MonitorAnnouncement
{
    public const int Kind = 10166;

    public required long CreatedAt { get; init; }

    public required int FrequencySeconds { get; init; }

    public IReadOnlyList<CheckTimeout> Timeouts { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public IReadOnlyList<string> Geohashes { get; init; } = [];

    public string Content { get; init; } = string.Empty;
}
