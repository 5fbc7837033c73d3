using MassTransit;
using Nip66.Checker;
using Nip66.Discovery;
using Nip66.Host.Configuration;
using Nip66.Host.Web;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.Maintenance;
using Nip66.Publisher;
using Nip66.Scheduler;
using Nip66.Scheduler.Maintenance;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using StackExchange.Redis;

namespace Nip66.Host;

/// <summary>Composes the roles a process runs onto one bus: in-memory when embedded, RabbitMQ when distributed.</summary>
public static class MonitorHost
{
    /// <summary>
    /// How long a message being handled when the process is asked to stop may go on; then its cancellation token
    /// fires and it is abandoned unacknowledged, so that RabbitMQ hands it to another consumer (a check is redone
    /// rather than waited for: its timeouts can add up to a minute).
    /// </summary>
    public static readonly TimeSpan ConsumerStopGrace = TimeSpan.FromSeconds(2);

    /// <summary>The bus's share of the stop: abandoned messages returned, endpoints and the connection closed.</summary>
    public static readonly TimeSpan BusStopTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The whole stop, every hosted service included, from SIGTERM or Ctrl-C to exit.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    public static PersistenceOptions PersistenceOptionsFor(MonitorSettings settings) => settings.Mode == MonitorMode.Embedded
        ? PersistenceOptions.ForSqliteFolder(settings.DataDirectory)
        : new PersistenceOptions { Provider = PersistenceProvider.Postgres, ConnectionString = settings.Postgres! };

    /// <summary>
    /// The process: the roles on one bus, plus HTTP (metrics and health always; the status page and API with the web
    /// role) on <see cref="MonitorSettings.Urls"/>. Logs go to the console, as text or JSON, through Serilog. The
    /// monitor key is registered only for roles that sign (<see cref="MonitorSettings.SigningRoles"/>), and they must
    /// be given it. <paramref name="overrides"/> replaces registrations last, e.g. a test's <see cref="IHostResolver"/>.
    /// </summary>
    public static WebApplication Build(MonitorSettings settings, NostrKeys? keys, bool runCycles, LogLevel logLevel = LogLevel.Information, string? urls = null,
        Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls ?? settings.Urls);
        builder.Services.AddSerilog(log =>
        {
            log.MinimumLevel.Is(Levels.From(logLevel))
                .MinimumLevel.Override("MassTransit", LogEventLevel.Error)
                .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Roles", settings.Roles.ToString());
            if (settings.LogJson)
            {
                log.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                log.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}", formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        var services = builder.Services;
        var distributed = settings.Mode == MonitorMode.Distributed;
        if (settings.Signs)
        {
            services.AddSingleton(keys ?? throw new ArgumentException($"roles {settings.Roles} sign as the monitor and need its key", nameof(keys)));
        }
        if (distributed)
        {
            services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(settings.Redis!);
                options.AbortOnConnectFail = false;
                return ConnectionMultiplexer.Connect(options);
            });
        }

        if (settings.Roles.HasFlag(MonitorRoles.Scheduler) || settings.Roles.HasFlag(MonitorRoles.Persistence) || settings.Roles.HasFlag(MonitorRoles.Web))
        {
            services.AddPersistence(PersistenceOptionsFor(settings));
        }

        if (settings.Roles.HasFlag(MonitorRoles.Scheduler) && runCycles)
        {
            services.AddMaintenance(settings.Retention, settings.Discovery);
            if (settings.Discovery.Enabled)
            {
                // With the cycles only: `run --once` is one cycle of the known relays, and reading the network would
                // only make it slow. The discovery relays are the operator's own, read like the publish relays.
                services.AddDiscovery(settings.Discovery, settings.PublishRelays, settings.OptOut, DiscoveryClientFor(settings));
            }
        }

        // Start returns once every receive endpoint is bound: a cycle published earlier would reach exchanges
        // with no queue behind them yet, and be dropped.
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(1);
            o.StopTimeout = BusStopTimeout;
            o.ConsumerStopTimeout = ConsumerStopGrace;
        });
        services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        services.AddSingleton<SignalLifetime>();
        services.AddSingleton<IHostLifetime>(sp => sp.GetRequiredService<SignalLifetime>());
        services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            if (settings.Roles.HasFlag(MonitorRoles.Checker))
            {
                bus.AddChecker(settings.Checker, ProbeOptionsFor(settings));
            }

            if (settings.Roles.HasFlag(MonitorRoles.Publisher))
            {
                bus.AddPublisher(new PublisherOptions { PublishRelays = settings.PublishRelays }, useRedisClock: distributed);
            }

            if (settings.Roles.HasFlag(MonitorRoles.Persistence))
            {
                bus.AddPersistenceConsumers(settings.Discovery);
            }

            if (settings.Roles.HasFlag(MonitorRoles.Scheduler))
            {
                bus.AddScheduler(SchedulerOptionsFor(settings), redisScope: distributed ? VirtualHost(new Uri(settings.RabbitMq!)) : null, runCycles);
            }

            void Endpoints<T>(IBusRegistrationContext context, IBusFactoryConfigurator<T> cfg)
                where T : IReceiveEndpointConfigurator
            {
                cfg.ConfigureEndpoints(context);
                if (settings.Roles.HasFlag(MonitorRoles.Publisher))
                {
                    cfg.ConfigureDeliveryEndpoints(context);
                }
            }

            if (distributed)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(settings.RabbitMq!));
                    Endpoints(context, cfg);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    // One process, so no other version reads its messages: they go without MassTransit's JSON envelope,
                    // and each receive parses the message alone instead of the envelope and then the message again
                    // (issue 13: 8% fewer gen 0 collections). The broker's messages keep the envelope, which processes
                    // of earlier versions read.
                    cfg.UseRawJsonSerializer(isDefault: true);
                    Endpoints(context, cfg);
                });
            }
        });
        services.AddObservability();
        overrides?.Invoke(services);
        var app = builder.Build();
        app.UseSecurityHeaders();
        app.MapObservability();
        if (settings.Roles.HasFlag(MonitorRoles.Web))
        {
            app.MapStatusApi(settings);
        }

        return app;
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
        OptOut = settings.OptOut,
        Discovery = settings.Discovery,
    };

    /// <summary>The probes' defaults, with the User-Agent naming this monitor's website and operator contact.</summary>
    public static ProbeOptions ProbeOptionsFor(MonitorSettings settings)
    {
        var defaults = new ProbeOptions();
        return defaults with
        {
            Client = defaults.Client with { UserAgent = MonitorUserAgent.Build(settings.MonitorWebsite, settings.MonitorContact) },
        };
    }

    /// <summary>
    /// How discovery reads its relays (the operator's own, like the publish relays); its candidate screen lets through the
    /// literal addresses of <c>Guard:TrustedRanges</c>, as the checker's guard does.
    /// </summary>
    public static RelayClientOptions DiscoveryClientFor(MonitorSettings settings) =>
        ProbeOptionsFor(settings).Client with { TrustedRanges = settings.Checker.TrustedRanges };

    /// <summary>
    /// Applies database migrations when this process uses the database; a distributed scheduler declares the check queue
    /// and removes the broker topology of earlier versions.
    /// </summary>
    public static async Task PrepareAsync(IHost host, MonitorSettings settings, CancellationToken cancellationToken)
    {
        // Once per process: which BIP-340 code signs and verifies (native libsecp256k1 or the managed fallback).
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nip66.Host");
        StartupLog.SigningBackend(logger, SchnorrBackends.ActiveName);
        if (settings.Mode == MonitorMode.Distributed && settings.Roles.HasFlag(MonitorRoles.Scheduler))
        {
            // The RabbitMQ client's connect notices cancellation only when its handshake times out: a stop waits for neither.
            await BrokerTopology.PrepareAsync(new Uri(settings.RabbitMq!), cancellationToken).WaitAsync(cancellationToken);
        }

        if (host.Services.GetService<Microsoft.EntityFrameworkCore.IDbContextFactory<MonitorDbContext>>() is not null)
        {
            await MonitorDatabase.MigrateAsync(host.Services, cancellationToken);
        }
    }

    /// <summary>The virtual host of a RabbitMQ URI: empty for the default one.</summary>
    private static string VirtualHost(Uri broker) => Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));

    private static class Levels
    {
        public static LogEventLevel From(LogLevel level) => level switch
        {
            LogLevel.Trace => LogEventLevel.Verbose,
            LogLevel.Debug => LogEventLevel.Debug,
            LogLevel.Information => LogEventLevel.Information,
            LogLevel.Warning => LogEventLevel.Warning,
            LogLevel.Error => LogEventLevel.Error,
            _ => LogEventLevel.Fatal,
        };
    }
}
