using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>
/// The round-trip times a check reports, each defined here once. Only network waits are inside a stopwatch: building
/// and signing a probe event, JSON work, signature checks, per-address slot waits and the other probes are outside,
/// and the probes of one connection run one after another, so none waits behind another.
/// </summary>
internal static class Rtt
{
    /// <summary>rtt-open: from the start of the WebSocket connect (DNS lookup included) to the relay's upgrade response, less any wait for a per-address connection slot.</summary>
    public static int Open(RelayConnection connection) => Milliseconds(connection.OpenTime);

    /// <summary>rtt-read: from the REQ being handed to the socket to the arrival of the first EVENT, EOSE or CLOSED frame for it (the REQ sent after NIP-42 authentication when reads need it).</summary>
    public static int Read(RelayAnswer answer) => Milliseconds(answer.RoundTrip);

    /// <summary>rtt-write: from the signed probe EVENT being handed to the socket to the arrival of its OK frame (the EVENT sent after NIP-42 authentication when writes need it).</summary>
    public static int Write(RelayAnswer answer) => Milliseconds(answer.RoundTrip);

    /// <summary>The auth check's time: from the signed AUTH event being handed to the socket to the arrival of its OK frame.</summary>
    public static int Auth(RelayAnswer answer) => Milliseconds(answer.RoundTrip);

    private static int Milliseconds(TimeSpan span) => (int)Math.Round(span.TotalMilliseconds);
}
