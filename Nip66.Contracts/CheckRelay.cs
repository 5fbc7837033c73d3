namespace Nip66.Contracts;

/// <summary>Command to the checkers: check one relay for one cycle. <see cref="Index"/> is its place in the cycle.</summary>
public sealed record CheckRelay
{
    public required Guid CycleId { get; init; }

    public required int Index { get; init; }

    public required string Url { get; init; }

    /// <summary>The message's priority on the check queue, by <see cref="CheckPriority"/>: higher is checked first.</summary>
    public byte Priority { get; init; }

    public IReadOnlyList<CheckType> Checks { get; init; } = [];

    /// <summary>Per-check timeout in milliseconds.</summary>
    public IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; } = new Dictionary<CheckType, int>();

    /// <summary>
    /// True for relays the operator added: they may point at private, loopback or link-local addresses. False (the
    /// default, also for commands from versions without this field) checks with the SSRF guard on: fail safe.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }

    /// <summary>
    /// True for a discovered URL not yet monitored: the check validates it (promoted once it speaks Nostr) and is never
    /// published. False (the default, also for commands from versions without this field) is a monitored relay.
    /// </summary>
    public bool Candidate { get; init; }
}
