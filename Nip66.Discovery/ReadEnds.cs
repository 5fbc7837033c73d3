using Nip66.Nostr.RelayLists;

namespace Nip66.Discovery;

/// <summary>The spelling of a <see cref="ReadEnd"/> in metrics and logs, defined once.</summary>
public static class ReadEnds
{
    public static string Name(ReadEnd end) => end switch
    {
        ReadEnd.Exhausted => "exhausted",
        ReadEnd.Budget => "budget",
        ReadEnd.Timeout => "timeout",
        ReadEnd.Closed => "closed",
        ReadEnd.ConnectFailed => "connect-failed",
        ReadEnd.ConnectionLost => "connection-lost",
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, "unknown read end"),
    };
}
