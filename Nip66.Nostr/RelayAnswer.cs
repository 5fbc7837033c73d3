using System.Diagnostics;

namespace Nip66.Nostr;

/// <summary>
/// A relay's answer to one request, with the <see cref="Stopwatch"/> timestamps of its two network edges: the request
/// handed to the socket, and the answer's frame received in full (before it was parsed or verified).
/// </summary>
public readonly record struct RelayAnswer(RelayMessage Message, long SentAt, long ReceivedAt)
{
    /// <summary>The network wait alone: building, signing, parsing and verifying happen outside these edges.</summary>
    public TimeSpan RoundTrip => Stopwatch.GetElapsedTime(SentAt, ReceivedAt);
}
