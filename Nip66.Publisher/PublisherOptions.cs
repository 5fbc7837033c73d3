namespace Nip66.Publisher;

public sealed record PublisherOptions
{
    /// <summary>Relays every signed event is sent to (normalized URLs); each gets its own delivery queue.</summary>
    public IReadOnlyList<string> PublishRelays { get; init; } = [];

    /// <summary>How long one attempt may take: connecting (and authenticating) and waiting for the relay's OK.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Attempts per delivery, the first included. With the default delays the last comes about 19 minutes after the
    /// first; a 30166 is re-signed every cycle anyway, the monitor's own events are re-published on their schedule.
    /// </summary>
    public int MaxAttempts { get; init; } = 12;

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Each wait is moved at random by up to this fraction either way, so that deliveries refused together (a relay's
    /// rate limit, a restart) do not all come back at the same moment.
    /// </summary>
    public double RetryJitter { get; init; } = 0.25;

    /// <summary>Deliveries handled at once per publish relay (its sends still go out one at a time).</summary>
    public int ConcurrentDeliveriesPerRelay { get; init; } = 16;
}
