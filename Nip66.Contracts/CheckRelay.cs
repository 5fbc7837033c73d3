namespace Nip66.Contracts;

/// <summary>Command to the checkers: check one relay for one cycle. <see cref="Index"/> is its place in the cycle.</summary>
public sealed record CheckRelay
{
    public required Guid CycleId { get; init; }

    public required int Index { get; init; }

    public required string Url { get; init; }

    public byte Priority { get; init; }

    public IReadOnlyList<CheckType> Checks { get; init; } = [];

    /// <summary>Per-check timeout in milliseconds.</summary>
    public IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; init; } = new Dictionary<CheckType, int>();

    /// <summary>
    /// True for relays the operator added: they may point at private, loopback or link-local addresses. False (the
    /// default, also for commands from versions without this field) checks with the SSRF guard on: fail safe.
    /// </summary>
    public bool AllowPrivateAddresses { get; init; }
}
