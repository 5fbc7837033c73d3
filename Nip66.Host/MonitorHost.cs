using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Checker;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Publisher;
using Nip66.Scheduler;
using StackExchange.Redis;

namespace Nip66.Host;

/// <summary>Composes the roles a process runs onto one bus: in-memory when embedded, RabbitMQ when distributed.</summary>
public static class MonitorHost
{
    public static PersistenceOptions PersistenceOptionsFor(MonitorSettings settings) => settings.Mode == MonitorMode.Embedded
        ? PersistenceOptions.ForSqliteFolder(settings.DataDirectory)
        : new PersistenceOptions { Provider = PersistenceProvider.Postgres, ConnectionString = settings.Postgres!, RedisConnectionString = settings.Redis };

    public static IHost Build(MonitorSettings settings, NostrKeys keys, bool runCycles, LogLevel logLevel = LogLevel.Information)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = new ConfigurationManager(),
        });
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(logLevel);
        // Retries are routine here (saga conflicts, a result overtaking its cycle); faults still log as errors.
        builder.Logging.AddFilter("MassTransit", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // EF logs the probe of a fresh database's migration history as a failed command; real errors surface as exceptions.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);

        var services = builder.Services;
        var distributed = settings.Mode == MonitorMode.Distributed;
        services.AddSingleton(keys);
        if (distributed)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(settings.Redis!);
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
        }

        if (settings.Roles.HasFlag(MonitorRoles.Scheduler) || settings.Roles.HasFlag(MonitorRoles.Persistence))
        {
            services.AddPersistence(PersistenceOptionsFor(settings));
        }

        // Start returns once every receive endpoint is bound: a cycle published earlier would reach exchanges
        // with no queue behind them yet, and be dropped.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(1);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            if (settings.Roles.HasFlag(MonitorRoles.Checker))
            {
                bus.AddChecker(new CheckerOptions { Concurrency = settings.CheckerConcurrency }, new ProbeOptions());
            }

            if (settings.Roles.HasFlag(MonitorRoles.Publisher))
            {
                bus.AddPublisher(new PublisherOptions { PublishRelays = settings.PublishRelays }, useRedisClock: distributed);
            }

            if (settings.Roles.HasFlag(MonitorRoles.Persistence))
            {
                bus.AddPersistenceConsumers();
            }

            if (settings.Roles.HasFlag(MonitorRoles.Scheduler))
            {
                bus.AddScheduler(SchedulerOptionsFor(settings), redisSagas: distributed, runCycles);
            }

            if (distributed)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(settings.RabbitMq!));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder.Build();
    }

    public static SchedulerOptions SchedulerOptionsFor(MonitorSettings settings) => new()
    {
        Schedule = settings.Schedule,
        CycleDeadline = settings.CycleDeadline,
        Checks = settings.Checks,
        TimeoutsMs = settings.TimeoutsMs,
        MonitorName = settings.MonitorName,
        MonitorAbout = settings.MonitorAbout,
        MonitorWebsite = settings.MonitorWebsite,
        Geohashes = settings.Geohashes,
    };

    /// <summary>Applies database migrations when this process uses the database; declares the check queue.</summary>
    public static async Task PrepareAsync(IHost host, MonitorSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Mode == MonitorMode.Distributed && settings.Roles.HasFlag(MonitorRoles.Scheduler))
        {
            await CheckRelayTopology.DeclareAsync(new Uri(settings.RabbitMq!), cancellationToken);
        }

        if (host.Services.GetService<Microsoft.EntityFrameworkCore.IDbContextFactory<MonitorDbContext>>() is not null)
        {
            await MonitorDatabase.MigrateAsync(host.Services, cancellationToken);
        }
    }
}
