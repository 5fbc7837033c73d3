using System.Text.Json.Serialization;
using Nip66.Nostr;

namespace Nip66.Persistence.ReadSide;

/// <summary>
/// One relay with its NIP-11 document, recent history and, for a discovered relay, where it was found and whether it
/// was retired; serialized flat (the item's fields, then these).
/// </summary>
public sealed record RelayStatusDetail(
    [property: JsonIgnore] RelayStatusItem Relay,
    [property: JsonConverter(typeof(RawJsonConverter))] string? Nip11,
    IReadOnlyList<RelayHistoryPoint> History,
    RelayProvenance? Provenance,
    RelayRetirement? Retired)
{
    public string Url => Relay.Url;

    public RelayNetwork Network => Relay.Network;

    public string Origin => Relay.Origin;

    public bool Enabled => Relay.Enabled;

    public string? Status => Relay.Status;

    public RoundTrips Rtt => Relay.Rtt;

    public DateTimeOffset? LastCheckedAt => Relay.LastCheckedAt;

    public DateTimeOffset? LastOnlineAt => Relay.LastOnlineAt;

    public string? FailureClass => Relay.FailureClass;

    public UptimeFractions Uptime => Relay.Uptime;

    public RoundTrips RttP50 => Relay.RttP50;

    public RoundTrips RttP95 => Relay.RttP95;
}
