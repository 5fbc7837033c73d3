namespace Nip66.Persistence.ReadSide;

/// <summary>
/// One publish relay's deliveries over a window: Accepted, Refused, RefusedTemporarily and Failed count attempts;
/// Pending (waiting for a retry) and GivenUp count deliveries (events).
/// </summary>
public sealed record PublishRelayHealth(
    string Url,
    int Accepted,
    int Refused,
    int RefusedTemporarily,
    int Failed,
    int Pending,
    int GivenUp,
    DateTimeOffset? LastAt,
    DeliveryFailure? LastFailure);
