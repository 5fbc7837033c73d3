namespace Nip66.Nostr.RelayLists;

/// <summary>
/// A monitor seen through its kind 10166 announcement: its author publishes relay reports (30166), so those count
/// as a monitor's. The frequency is null when the announcement gives none that reads as a number.
/// </summary>
public sealed record MonitorSighting(string PubKey, long AnnouncedAt, int? FrequencySeconds);
