namespace Nip66.Publisher;

public sealed record PublisherOptions
{
    /// <summary>Relays every signed event is sent to (normalized URLs).</summary>
    public IReadOnlyList<string> PublishRelays { get; init; } = [];

    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retry intervals for one delivery; after the last, the message rests in the error queue.</summary>
    public IReadOnlyList<TimeSpan> RetryIntervals { get; init; } =
    [
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5),
    ];
}
