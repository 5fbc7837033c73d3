using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nip66.Contracts;
using Nip66.Persistence.Candidates;
using Nip66.Persistence.Consumers;
using Nip66.Persistence.ReadSide;
using Nip66.Persistence.Statistics;

namespace Nip66.Persistence;

public static class PersistenceRegistration
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{MonitorDbContext}"/> (pooled, for the configured provider),
    /// <see cref="RelayRegistry"/> (also as <see cref="IRelayRegistry"/>), <see cref="RelayStatistics"/> (also as
    /// <see cref="IRelayStatistics"/>), <see cref="RelaySchedule"/> and the read side (<see cref="RelayStatusQueries"/>,
    /// <see cref="CycleQueries"/>, <see cref="DeliveryQueries"/>, <see cref="CandidateQueries"/>) and <see cref="DiscoveryCursorStore"/>. The
    /// candidate ledger needs the discovery settings: Nip66.Discovery registers it.
    /// Apply the migrations with <see cref="MonitorDatabase.MigrateAsync"/> before starting the bus.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);

        services.AddSingleton(options);
        switch (options.Provider)
        {
            case PersistenceProvider.Sqlite:
                services.AddPooledDbContextFactory<SqliteMonitorDbContext>(o => o.UseSqlite(options.ConnectionString));
                services.AddSingleton<IDbContextFactory<MonitorDbContext>>(sp =>
                    new MonitorDbContextFactory<SqliteMonitorDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteMonitorDbContext>>()));
                break;
            case PersistenceProvider.Postgres:
                services.AddPooledDbContextFactory<PostgresMonitorDbContext>(o => o.UseNpgsql(options.ConnectionString));
                services.AddSingleton<IDbContextFactory<MonitorDbContext>>(sp =>
                    new MonitorDbContextFactory<PostgresMonitorDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresMonitorDbContext>>()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown persistence provider.");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RelayRegistry>();
        services.AddSingleton<IRelayRegistry>(sp => sp.GetRequiredService<RelayRegistry>());
        services.AddSingleton<RelaySchedule>();
        services.AddSingleton<RelayStatistics>();
        services.AddSingleton<IRelayStatistics>(sp => sp.GetRequiredService<RelayStatistics>());
        services.AddSingleton<RelayStatusQueries>();
        services.AddSingleton<CycleQueries>();
        services.AddSingleton<CandidateQueries>();
        services.AddSingleton<DeliveryQueries>();
        services.AddSingleton<DiscoveryCursorStore>();

        return services;
    }

    /// <summary>
    /// Adds the persistence consumers with their definitions (batching, retry), and <paramref name="discovery"/> (the
    /// defaults when null) for the validation of candidates, unless discovery options are registered already.
    /// </summary>
    public static IBusRegistrationConfigurator AddPersistenceConsumers(this IBusRegistrationConfigurator configurator, DiscoveryOptions? discovery = null)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        configurator.TryAddSingleton(discovery ?? new DiscoveryOptions());
        configurator.AddConsumer<RelayCheckedBatchConsumer, RelayCheckedBatchConsumerDefinition>();
        configurator.AddConsumer<CycleStartedConsumer, PersistenceConsumerDefinition<CycleStartedConsumer>>();
        configurator.AddConsumer<CycleCompletedConsumer, PersistenceConsumerDefinition<CycleCompletedConsumer>>();
        configurator.AddConsumer<NostrEventSignedConsumer, PersistenceBatchConsumerDefinition<NostrEventSignedConsumer>>();
        configurator.AddConsumer<EventDeliveredConsumer, PersistenceBatchConsumerDefinition<EventDeliveredConsumer>>();
        return configurator;
    }
}
