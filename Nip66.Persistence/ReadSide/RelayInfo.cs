namespace Nip66.Persistence.ReadSide;

/// <summary>A relay and its latest status, as listed by <see cref="RelayStatusQueries.ListAllAsync"/>.</summary>
public sealed record RelayInfo(
    long Id,
    string Url,
    bool Enabled,
    RelayOrigin Origin,
    byte Priority,
    DateTimeOffset AddedAt,
    string? Notes,
    string? LastStatus,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? LastOnlineAt,
    string? LastFailureClass,
    int ConsecutiveFailures,
    DateTimeOffset? NextCheckAt,
    int ConsecutiveStrainedChecks);
