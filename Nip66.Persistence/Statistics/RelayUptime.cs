namespace Nip66.Persistence.Statistics;

/// <summary>A relay's uptime over the last day, week and 30 days, and its round trips over the last day.</summary>
public sealed record RelayUptime(
    long RelayId,
    string Url,
    UptimeWindow Last24Hours,
    UptimeWindow Last7Days,
    UptimeWindow Last30Days,
    RttPercentiles Open,
    RttPercentiles Read,
    RttPercentiles Write);
