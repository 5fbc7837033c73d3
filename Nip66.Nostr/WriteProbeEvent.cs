using System.Globalization;

namespace Nip66.Nostr;

/// <summary>
/// The event the monitor writes to see whether a relay accepts writes: an addressable application-data kind (NIP-78)
/// with a fixed <c>d</c> tag, so each monitor leaves at most one probe per relay, out of every feed, and a NIP-40
/// expiration after <paramref name="Lifetime"/> lets the relay drop it.
/// </summary>
public sealed record WriteProbeEvent(TimeSpan Lifetime)
{
    public const int Kind = 30078;

    /// <summary>The <c>d</c> tag: one probe per monitor and relay, each replacing the last.</summary>
    public const string Identifier = "nip66-write-probe";

    public UnsignedEvent ToEvent(long createdAt) =>
        new(createdAt, Kind,
        [
            ["d", Identifier],
            ["expiration", (createdAt + (long)Lifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
        ], "NIP-66 monitor write check; expires in minutes");
}
