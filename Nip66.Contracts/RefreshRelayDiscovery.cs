namespace Nip66.Contracts;

/// <summary>
/// Command to the publisher: re-sign a rested relay's last 30166 with a new created_at, so a relay that is up but
/// left unchecked for a while (it rate-limited or timed out) keeps a 30166 as fresh as the announced frequency.
/// </summary>
public sealed record RefreshRelayDiscovery
{
    /// <summary>The cycle the relay sits out; with the URL it keys the created_at, so a redelivery re-signs the same event.</summary>
    public required Guid CycleId { get; init; }

    /// <summary>The relay (the d tag), normalized.</summary>
    public required string RelayUrl { get; init; }

    /// <summary>The relay's last 30166 signed from a check, as stored in the event log.</summary>
    public required string EventJson { get; init; }

    /// <summary>When the refresh was ordered: the new created_at is no earlier.</summary>
    public required DateTimeOffset At { get; init; }
}
