using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Scheduler.Cycles;
using Nip66.Scheduler.Deadlines;
using Nip66.Scheduler.Sagas;
using StackExchange.Redis;

namespace Nip66.Scheduler;

public static class SchedulerRegistration
{
    /// <summary>
    /// The scheduler role: cycles on a cron schedule, the cycle saga and the deadline sweeper, on state of its own
    /// (the saga and the deadlines), never another role's. <paramref name="runCycles"/> false hosts the saga without
    /// starting cycles (used by <c>run --once</c>, which starts its one cycle itself).
    /// </summary>
    /// <param name="redisScope">
    /// Null keeps the cycle state in memory (embedded). Otherwise it is in Redis, the deadlines under this scope: the
    /// RabbitMQ virtual host, since a sweeper closes cycles through its own bus.
    /// </param>
    public static IBusRegistrationConfigurator AddScheduler(this IBusRegistrationConfigurator bus, SchedulerOptions options, string? redisScope, bool runCycles = true)
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
        if (redisScope is not null)
        {
            saga.RedisVersionedRepository(r => r.Prefix = "nip66:cycle:");
            bus.AddSingleton<ICycleDeadlines>(sp => new RedisCycleDeadlines(sp.GetRequiredService<IConnectionMultiplexer>(), redisScope));
        }
        else
        {
            saga.InMemoryVersionedRepository();
            bus.AddSingleton<ICycleDeadlines, InMemoryCycleDeadlines>();
        }

        bus.AddConsumer<CycleCompletionObserver>().Endpoint(e => e.Name = QueueNames.SchedulerCycleCompleted);
        return bus;
    }
}
