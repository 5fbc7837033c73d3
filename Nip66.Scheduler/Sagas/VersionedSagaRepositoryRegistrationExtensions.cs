using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Nip66.Scheduler.Sagas;

/// <summary>
/// Plugs a versioned saga store into MassTransit's saga registration:
/// <code>
/// x.AddSagaStateMachine&lt;CycleStateMachine, CycleState, CycleSagaDefinition&gt;()
///     .RedisVersionedRepository(r =&gt; { r.Prefix = "nip66:cycle:"; r.Expiry = TimeSpan.FromDays(7); });
/// </code>
/// The store is a singleton keyed by the saga type (<see cref="GetVersionedSagaStore{TSaga}"/>); the repository
/// context factory is scoped, as MassTransit resolves it in each message's scope.
/// </summary>
public static class VersionedSagaRepositoryRegistrationExtensions
{
    /// <summary>Sagas in Redis, one hash per saga, using the <see cref="IConnectionMultiplexer"/> registered in DI.</summary>
    public static ISagaRegistrationConfigurator<TSaga> RedisVersionedRepository<TSaga>(
        this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<VersionedSagaRepositoryOptions>? configure = null)
        where TSaga : class, ISagaVersion =>
        Register(configurator, configure, (provider, options) => new RedisSagaStore(
            provider.GetService<IConnectionMultiplexer>()
                ?? throw new InvalidOperationException($"The Redis saga repository of {typeof(TSaga).Name} needs an IConnectionMultiplexer registered in the service collection."),
            options.KeyPrefixFor(typeof(TSaga)),
            options.Expiry,
            options.Database));

    /// <summary>Sagas in process memory with the same versioned semantics (embedded mode, tests).</summary>
    public static ISagaRegistrationConfigurator<TSaga> InMemoryVersionedRepository<TSaga>(
        this ISagaRegistrationConfigurator<TSaga> configurator,
        Action<VersionedSagaRepositoryOptions>? configure = null)
        where TSaga : class, ISagaVersion =>
        Register(configurator, configure, (provider, options) => new InMemorySagaStore(options.Expiry, provider.GetService<TimeProvider>()));

    /// <summary>The store behind a saga type's versioned repository.</summary>
    public static IVersionedSagaStore GetVersionedSagaStore<TSaga>(this IServiceProvider provider)
        where TSaga : class, ISagaVersion =>
        provider.GetRequiredKeyedService<IVersionedSagaStore>(typeof(TSaga));

    private static ISagaRegistrationConfigurator<TSaga> Register<TSaga>(
        ISagaRegistrationConfigurator<TSaga> configurator,
        Action<VersionedSagaRepositoryOptions>? configure,
        Func<IServiceProvider, VersionedSagaRepositoryOptions, IVersionedSagaStore> createStore)
        where TSaga : class, ISagaVersion
    {
        ArgumentNullException.ThrowIfNull(configurator);
        var options = new VersionedSagaRepositoryOptions();
        configure?.Invoke(options);
        options.Validate();

        configurator.Repository(services =>
        {
            // Last registration wins, so switching a saga from one store to the other is a single call.
            services.RemoveAllKeyed<IVersionedSagaStore>(typeof(TSaga));
            services.AddKeyedSingleton(typeof(TSaga), (provider, _) => createStore(provider, options));
            services.RemoveAll<VersionedSagaSerializer<TSaga>>();
            services.AddSingleton(new VersionedSagaSerializer<TSaga>(options.SerializerOptions));

            services.RegisterLoadSagaRepository<TSaga, VersionedSagaRepository<TSaga>>();
            services.RegisterSagaRepository<TSaga, IVersionedSagaStore, SagaConsumeContextFactory<IVersionedSagaStore, TSaga>, VersionedSagaRepository<TSaga>>();
        });

        return configurator;
    }
}
