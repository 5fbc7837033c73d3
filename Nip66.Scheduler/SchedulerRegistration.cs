using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Sagas;

namespace Nip66.Scheduler;

public static class SchedulerRegistration
{
    /// <summary>
    /// The scheduler role: cycles on a cron schedule, the cycle saga (state in Redis, or in memory when embedded),
    /// and the deadline sweeper. <paramref name="runCycles"/> false hosts the saga without starting cycles
    /// (used by <c>run --once</c>, which starts its one cycle itself).
    /// </summary>
    public static IBusRegistrationConfigurator AddScheduler(this IBusRegistrationConfigurator bus, SchedulerOptions options, bool redisSagas, bool runCycles = true)
    {
        bus.AddSingleton(options);
        bus.AddSingleton(TimeProvider.System);
        bus.AddSingleton<CycleTracker>();
        bus.AddScoped<CycleStarter>();
        bus.AddHostedService<DeadlineSweeper>();
        if (runCycles)
        {
            bus.AddHostedService<CycleScheduler>();
            bus.AddHostedService<MonitorAnnouncer>();
        }

        var saga = bus.AddSagaStateMachine<CycleStateMachine, CycleState, CycleSagaDefinition>();
        if (redisSagas)
        {
            saga.RedisVersionedRepository(r => r.Prefix = "nip66:cycle:");
        }
        else
        {
            saga.InMemoryVersionedRepository();
        }

        bus.AddConsumer<CycleCompletionObserver>().Endpoint(e => e.Name = "scheduler-cycle-completed");
        return bus;
    }
}
