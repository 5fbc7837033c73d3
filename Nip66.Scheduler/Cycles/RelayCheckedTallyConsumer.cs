using MassTransit;
using Nip66.Contracts;

namespace Nip66.Scheduler.Cycles;

/// <summary>
/// Counts relay results for the cycle saga a batch at a time: one <see cref="CheckResultsTallied"/> per cycle in the
/// batch. Rewriting the saga (a Redis load and compare-and-set in the distributed shape) once per result cost more of
/// the scheduler's CPU than everything else it does in a cycle.
/// </summary>
public sealed class RelayCheckedTallyConsumer : IConsumer<Batch<RelayChecked>>
{
    public Task Consume(ConsumeContext<Batch<RelayChecked>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tallies = context.Message
            .GroupBy(result => result.Message.CycleId)
            .Select(cycle => new CheckResultsTallied
            {
                CycleId = cycle.Key,
                Online = Indexes(cycle, RelayStatus.Online),
                Degraded = Indexes(cycle, RelayStatus.Degraded),
                Offline = Indexes(cycle, RelayStatus.Offline),
            });
        return context.PublishBatch(tallies.ToList(), context.CancellationToken);
    }

    private static int[] Indexes(IEnumerable<ConsumeContext<RelayChecked>> results, RelayStatus status) =>
        [.. results.Where(result => result.Message.Result.Status == status).Select(result => result.Message.Index)];
}
