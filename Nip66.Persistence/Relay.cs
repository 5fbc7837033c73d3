namespace Nip66.Persistence;

/// <summary>A monitored relay (table <c>relays</c>) with its latest status and back-off.</summary>
public sealed class Relay
{
    public long Id { get; set; }

    /// <summary>The normalized ws/wss URL (normalized by the caller).</summary>
    public required string Url { get; set; }

    public bool Enabled { get; set; } = true;

    public byte Priority { get; set; }

    /// <summary>Who added the relay; whether it may point at private addresses is <see cref="AllowPrivateAddresses"/>.</summary>
    public RelayOrigin Origin { get; set; } = RelayOrigin.Operator;

    /// <summary>
    /// Whether checks may connect to private, loopback or link-local addresses: only for relays the operator named by
    /// hand (<c>relays add</c>, <c>relays import --allow-private</c>, the API with <c>allowPrivate</c>). Rows from
    /// before the column take it from their origin.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>The network of the URL's host (<see cref="PersistenceNames.Network"/>: <c>clearnet</c>, <c>tor</c>, ...), kept so that the API filters in SQL.</summary>
    public string Network { get; set; } = PersistenceNames.Network(Nostr.RelayNetwork.Clearnet);

    public string? Notes { get; set; }

    /// <summary><c>online</c>, <c>degraded</c> or <c>offline</c>; null before the first check.</summary>
    public string? LastStatus { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>The last check whose relay could be opened (online or degraded).</summary>
    public DateTimeOffset? LastOnlineAt { get; set; }

    /// <summary>The failure class of the last check (see <see cref="PersistenceNames.FailureClass"/>), if any.</summary>
    public string? LastFailureClass { get; set; }

    /// <summary>The round trips of the last check, in milliseconds: the latest status is this row, read and sorted in SQL.</summary>
    public int? LastRttOpenMs { get; set; }

    public int? LastRttReadMs { get; set; }

    public int? LastRttWriteMs { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>
    /// Consecutive checks in which the relay opened but rate-limited a probe or let one time out; drives the
    /// strain back-off of <see cref="RelaySchedule.BackOff"/>. Zero after a clean check or an offline one.
    /// </summary>
    public int ConsecutiveStrainedChecks { get; set; }

    /// <summary>Back-off: not due before this time. Null means due at every cycle.</summary>
    public DateTimeOffset? NextCheckAt { get; set; }

    /// <summary>When a discovered relay was given up (disabled, its history kept), and why.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    public string? RetiredReason { get; set; }

    /// <summary>The latest NIP-11 document served by the relay.</summary>
    public string? Nip11Json { get; set; }
}
