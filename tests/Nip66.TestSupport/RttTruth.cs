using Nip66.Contracts;

namespace Nip66.TestSupport;

/// <summary>
/// The round-trip times a perfect monitor would report for a fleet endpoint: what the endpoint adds on purpose. On
/// loopback the network adds well under a millisecond, so everything a monitor measures beyond these is its own error.
/// </summary>
public static class RttTruth
{
    /// <summary>
    /// The true RTT in milliseconds of one check of <paramref name="endpoint"/>, or null where it is not known exactly.
    /// Known for <see cref="FleetBehaviour.Healthy"/> and <see cref="FleetBehaviour.InOrder"/> endpoints:
    /// <list type="bullet">
    /// <item>rtt-open (connect start to the upgrade's answer): 0 ms; the endpoint answers the upgrade at once, its
    /// latency delays messages and NIP-11 only.</item>
    /// <item>rtt-read (REQ sent to EOSE received): the endpoint's latency, which it waits after the REQ arrives.</item>
    /// <item>rtt-write (EVENT sent to OK received): the endpoint's latency, which it waits after the EVENT arrives. An
    /// in-order endpoint starts that wait only once it has answered the messages before; a monitor that sends its
    /// EVENT beside its REQ measures the wait behind the read too, and that wait is error, not relay.</item>
    /// </list>
    /// </summary>
    public static int? TrueRttMs(this FleetEndpoint endpoint, CheckType check) => (endpoint.Behaviour, check) switch
    {
        (FleetBehaviour.Healthy or FleetBehaviour.InOrder, CheckType.Open) => 0,
        (FleetBehaviour.Healthy or FleetBehaviour.InOrder, CheckType.Read or CheckType.Write) => endpoint.LatencyMs,
        _ => null,
    };
}
