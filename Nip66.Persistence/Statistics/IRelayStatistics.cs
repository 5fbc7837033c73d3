namespace Nip66.Persistence.Statistics;

/// <summary>Uptime and latency of relays, for the status API.</summary>
/// <remarks>
/// <para>
/// Up means a check whose status is <c>online</c> or <c>degraded</c> (the relay could be opened); <c>offline</c> is
/// down. A window's fraction is up checks over all checks, so a relay in back-off (checked less often) is judged on
/// the checks it had.
/// </para>
/// <para>
/// Sources, so that 30 days cost the same as one: from <c>S</c>, the start of the UTC hour <c>now − 24 h</c> falls
/// in, to <c>now</c> the raw check_results are read (the maintenance keeps at least one day of them); before
/// <c>S</c>, the relay_hourly rollups whose hour starts inside the window. The 24 h window is exact
/// (<c>now − 24 h ≤ finished_at ≤ now</c>); the 7 and 30 day windows leave out the part hour at their oldest edge.
/// Hours older than a day that the maintenance has not rolled up yet are missing from the 7 and 30 day figures.
/// Round trips are over the last 24 h (raw rows), computed like the rollups.
/// </para>
/// </remarks>
public interface IRelayStatistics
{
    /// <summary>The relay's uptime at <paramref name="now"/>; null when no relay has this id.</summary>
    Task<RelayUptime?> GetUptimeAsync(long relayId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// The uptime of these relays (enabled or not; no checks gives empty windows), by id, in four queries that read
    /// only their rows: a page of the relay list costs the same whatever the number of relays.
    /// </summary>
    Task<IReadOnlyDictionary<long, RelayUptime>> GetUptimeAsync(IReadOnlyCollection<long> relayIds, DateTimeOffset now, CancellationToken cancellationToken = default);
}
