using Nip66.Contracts;

namespace Nip66.Host;

/// <summary>A cycle whose checks are sent: its id, how many relays it expects, and the saga's completion.</summary>
public sealed record StartedCycle(Guid CycleId, int Expected, Task<CycleCompleted> Completion);
