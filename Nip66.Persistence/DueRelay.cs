using Nip66.Contracts;

namespace Nip66.Persistence;

/// <summary>A relay to check now, as returned by <see cref="RelaySchedule.GetDueAsync"/> and <see cref="RelaySchedule.GetDueCandidatesAsync"/>.</summary>
/// <param name="Priority">The relay's configured priority (0 for discovered relays and candidates).</param>
/// <param name="AllowPrivateAddresses">False checks it with the private-address guard on (<see cref="Relay.AllowPrivateAddresses"/>).</param>
/// <param name="Candidate">A pending <see cref="RelayCandidate"/> to validate, not a monitored relay.</param>
public sealed record DueRelay(string Url, byte Priority, RelayOrigin Origin = RelayOrigin.Operator, bool AllowPrivateAddresses = true, bool Candidate = false)
{
    /// <summary>Its tier on the check queue (<see cref="CheckPriority"/>), by which a cycle also orders its commands.</summary>
    public byte QueuePriority => Candidate ? CheckPriority.Candidate
        : Origin == RelayOrigin.Discovered ? CheckPriority.Discovered
        : CheckPriority.Operator(Priority);
}
