using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

public sealed record CheckerOptions
{
    public int Concurrency { get; init; } = 50;

    /// <summary>Lets discovered relays point at private addresses too, for a monitor run inside a private network.</summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>Ranges guarded relays may connect into although they are not public (config <c>Guard:TrustedRanges</c>).</summary>
    public TrustedRanges TrustedRanges { get; init; } = TrustedRanges.None;

    /// <summary>
    /// The checker's own scheduling delay it tolerates (<see cref="SchedulingDelay"/>): above it, fewer checks run at
    /// once (<see cref="CheckLimiter"/>), since that delay is added to every RTT measured.
    /// </summary>
    public TimeSpan SchedulingDelayBound { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Concurrent connections per resolved IP address, WebSocket and NIP-11 together.</summary>
    public int MaxConnectionsPerAddress { get; init; } = 4;

    /// <summary>Relays this checker refuses to contact even when a command for them arrives.</summary>
    public RelayOptOut OptOut { get; init; } = RelayOptOut.None;
}
