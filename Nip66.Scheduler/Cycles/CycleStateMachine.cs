using MassTransit;
using Nip66.Contracts;

namespace Nip66.Scheduler.Cycles;

/// <summary>
/// The story of a cycle: started with the number of relays to check, it counts each relay's first result, tallied by
/// persistence a stored batch at a time (<see cref="CheckResultsTallied"/>), and completes when all are stored, or when
/// the deadline sweeper says time is up. Late results are ignored. A deadline for a cycle it never saw start (its start
/// lost, or its state gone) creates it closed, with every relay missed, so the scheduler waiting for it goes on.
/// </summary>
public sealed class CycleStateMachine : MassTransitStateMachine<CycleState>
{
    public CycleStateMachine()
    {
        InstanceState(x => x.CurrentState);

        Event(() => Started, e => e.CorrelateById(m => m.Message.CycleId));
        Event(() => Tallied, e =>
        {
            e.CorrelateById(m => m.Message.CycleId);

            // A tally may overtake its cycle's start on a busy bus: fail it, and the retry policy tries again.
            e.OnMissingInstance(m => m.Fault());
        });
        Event(() => DeadlineReached, e => e.CorrelateById(m => m.Message.CycleId));

        Initially(
            When(Started)
                .Then(context => Begin(context.Saga, context.Message.ExpectedCount, context.Message.StartedAt))
                .TransitionTo(Running)
                .If(context => context.Saga.Expected == 0, complete => complete.Then(Complete).TransitionTo(Completed).PublishAsync(context => context.Init<CycleCompleted>(Summary(context.Saga, timedOut: false)))),
            When(DeadlineReached)
                .Then(context => Begin(context.Saga, context.Message.ExpectedCount, context.Message.StartedAt))
                .Then(Complete)
                .TransitionTo(Completed)
                .PublishAsync(context => context.Init<CycleCompleted>(Summary(context.Saga, timedOut: true))));

        During(Running,
            Ignore(Started),
            When(Tallied)
                .Then(context => Count(context.Saga, context.Message))
                .If(context => context.Saga.Checked >= context.Saga.Expected, complete => complete
                    .Then(Complete)
                    .TransitionTo(Completed)
                    .PublishAsync(context => context.Init<CycleCompleted>(Summary(context.Saga, timedOut: false)))),
            When(DeadlineReached)
                .Then(Complete)
                .TransitionTo(Completed)
                .PublishAsync(context => context.Init<CycleCompleted>(Summary(context.Saga, timedOut: true))));

        During(Completed,
            Ignore(Started),
            Ignore(Tallied),
            Ignore(DeadlineReached));
    }

    public State Running { get; private set; } = null!;

    public State Completed { get; private set; } = null!;

    public Event<CycleStarted> Started { get; private set; } = null!;

    public Event<CheckResultsTallied> Tallied { get; private set; } = null!;

    public Event<CycleDeadlineReached> DeadlineReached { get; private set; } = null!;

    private static void Begin(CycleState cycle, int expected, DateTimeOffset startedAt)
    {
        cycle.Expected = expected;
        cycle.StartedAt = startedAt;
        cycle.CheckedIndexes = new byte[(expected + 7) / 8];
    }

    private static void Count(CycleState cycle, CheckResultsTallied tally)
    {
        cycle.Online += Count(cycle, tally.Online);
        cycle.Degraded += Count(cycle, tally.Degraded);
        cycle.Offline += Count(cycle, tally.Offline);
    }

    /// <summary>Marks the <paramref name="indexes"/> checked; how many were not counted before.</summary>
    private static int Count(CycleState cycle, IReadOnlyList<int> indexes)
    {
        var counted = 0;
        foreach (var index in indexes)
        {
            if (cycle.MarkChecked(index))
            {
                counted++;
            }
        }

        cycle.Checked += counted;
        return counted;
    }

    private static void Complete(BehaviorContext<CycleState> context) => context.Saga.CompletedAt = DateTimeOffset.UtcNow;

    private static CycleCompleted Summary(CycleState cycle, bool timedOut) => new()
    {
        CycleId = cycle.CorrelationId,
        Expected = cycle.Expected,
        Checked = cycle.Checked,
        Online = cycle.Online,
        Degraded = cycle.Degraded,
        Offline = cycle.Offline,
        StartedAt = cycle.StartedAt,
        CompletedAt = cycle.CompletedAt ?? DateTimeOffset.UtcNow,
        TimedOut = timedOut,
        MissedIndexes = [.. cycle.MissingIndexes().Take(10_000)],
    };
}
