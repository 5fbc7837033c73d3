namespace Nip66.TestSupport;

/// <summary>
/// How long a perfect monitor's check of a fleet endpoint takes: what the endpoint makes it wait, nothing of the
/// monitor's own. The floor under a cycle's time (a host's checks run one after another).
/// </summary>
public static class CheckDurationTruth
{
    /// <summary>
    /// The true duration of one check of <paramref name="endpoint"/> whose probes wait at most <paramref name="timeout"/>
    /// each, or null where it is not known exactly:
    /// <list type="bullet">
    /// <item><see cref="FleetBehaviour.Healthy"/> and <see cref="FleetBehaviour.InOrder"/>: two latencies, the read's and then
    /// the write's (the write probe waits for the read); the NIP-11 GET, one latency, runs beside them.</item>
    /// <item><see cref="FleetBehaviour.Hang"/>: the timeout; the open and the NIP-11 GET wait for it side by side.</item>
    /// <item><see cref="FleetBehaviour.PortClosed"/>: nothing; the refusal is immediate.</item>
    /// </list>
    /// </summary>
    public static TimeSpan? TrueCheckDuration(this FleetEndpoint endpoint, TimeSpan timeout) => endpoint.Behaviour switch
    {
        FleetBehaviour.Healthy or FleetBehaviour.InOrder => TimeSpan.FromMilliseconds(2 * endpoint.LatencyMs),
        FleetBehaviour.Hang => timeout,
        FleetBehaviour.PortClosed => TimeSpan.Zero,
        _ => null,
    };
}
