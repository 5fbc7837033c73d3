using MassTransit;

namespace Nip66.Scheduler.Cycles;

/// <summary>
/// One monitoring cycle. Small on purpose: it is rewritten once per tally of results, so it holds counts and a bitmap of
/// the checked cycle indexes (exact under redelivery: a relay counts once), never the relay list.
/// </summary>
public sealed class CycleState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public int Version { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public int Expected { get; set; }

    public int Checked { get; set; }

    public int Online { get; set; }

    public int Degraded { get; set; }

    public int Offline { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public byte[] CheckedIndexes { get; set; } = [];

    /// <summary>Marks an index as checked; false when it was already counted.</summary>
    public bool MarkChecked(int index)
    {
        if (index < 0 || index >= Expected)
        {
            return false;
        }

        var mask = (byte)(1 << (index & 7));
        if ((CheckedIndexes[index >> 3] & mask) != 0)
        {
            return false;
        }

        CheckedIndexes[index >> 3] |= mask;
        return true;
    }

    public IEnumerable<int> MissingIndexes() =>
        Enumerable.Range(0, Expected).Where(i => (CheckedIndexes[i >> 3] & (1 << (i & 7))) == 0);
}
