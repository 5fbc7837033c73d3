namespace Nip66.Contracts;

/// <summary>Event: a relay was checked. Published once per check, whatever the relay's status.</summary>
public sealed record RelayChecked
{
    public required Guid CycleId { get; init; }

    public required int Index { get; init; }

    public required RelayCheckResult Result { get; init; }

    /// <summary>Copied from <see cref="CheckRelay.Candidate"/>: the result validates a candidate, and gets no 30166.</summary>
    public bool Candidate { get; init; }
}
