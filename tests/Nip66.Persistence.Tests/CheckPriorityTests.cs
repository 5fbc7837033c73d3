using Nip66.Contracts;

namespace Nip66.Persistence.Tests;

/// <summary>The check queue's tiers: operator relays above discovered relays above candidates, within the queue's range.</summary>
public sealed class CheckPriorityTests
{
    [Fact]
    public void Tiers_keep_operator_priorities_in_order_above_discovered_relays_and_candidates()
    {
        var operatorTiers = Enumerable.Range(0, 10).Select(p => new DueRelay("wss://o.example/", (byte)p).QueuePriority).ToList();
        var discovered = new DueRelay("wss://d.example/", 0, RelayOrigin.Discovered, false).QueuePriority;
        var candidate = new DueRelay("wss://c.example/", 0, RelayOrigin.Discovered, false, Candidate: true).QueuePriority;

        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 9, 9], operatorTiers.Select(t => (int)t));
        Assert.True(candidate < discovered && discovered < operatorTiers[0], $"candidate {candidate}, discovered {discovered}, operator {operatorTiers[0]}");
        Assert.Equal(QueueNames.CheckRelayMaxPriority, operatorTiers.Max());
    }
}
