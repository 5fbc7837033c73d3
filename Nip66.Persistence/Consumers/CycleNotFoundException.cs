using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>A <see cref="CycleCompleted"/> arrived before its <see cref="CycleStarted"/> was stored.</summary>
public sealed class CycleNotFoundException : Exception
{
    public CycleNotFoundException()
    {
    }

    public CycleNotFoundException(string message)
        : base(message)
    {
    }

    public CycleNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CycleNotFoundException(Guid cycleId)
        : base($"Cycle {cycleId} is not stored yet.")
    {
        CycleId = cycleId;
    }

    public Guid CycleId { get; }
}
