using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Nip66.Persistence.Tests;

/// <summary>
/// One fresh, migrated database per test class (an <see cref="IClassFixture{TFixture}"/>): a temp SQLite file, or a
/// <c>nip66_test_*</c> database on the PostgreSQL server of <c>NIP66_POSTGRES</c>, dropped at the end.
/// </summary>
public abstract class TestDatabase : IAsyncLifetime
{
    ServiceProvider? _services;

    public PersistenceOptions Options { get; private set; } = null!;

    /// <summary>Services with AddPersistence, shared by the class; bus tests build their own.</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        Options = await CreateAsync();
        _services = BuildServices();
        await MonitorDatabase.MigrateAsync(_services);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DropAsync();
    }

    public ServiceProvider BuildServices(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPersistence(Options);
        configure?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task<MonitorDbContext> OpenAsync() =>
        await Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();

    /// <summary>
    /// Starts a MassTransit in-memory bus with the persistence consumers on this database, and whatever
    /// <paramref name="configure"/> adds (more consumers) and <paramref name="configureBus"/> adds (more endpoints).
    /// </summary>
    public async Task<TestBus> StartBusAsync(
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IInMemoryBusFactoryConfigurator>? configureBus = null)
    {
        var provider = BuildServices(services => services.AddMassTransit(x =>
        {
            x.AddPersistenceConsumers();
            configure?.Invoke(x);
            x.UsingInMemory((context, cfg) =>
            {
                configureBus?.Invoke(cfg);
                cfg.ConfigureEndpoints(context);
            });
        }));
        var bus = provider.GetRequiredService<IBusControl>();
        var observer = new ConsumeCounter();
        bus.ConnectConsumeObserver(observer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StartAsync(timeout.Token);
        return new TestBus(provider, bus, observer);
    }

    protected abstract Task<PersistenceOptions> CreateAsync();

    protected abstract Task DropAsync();
}

public sealed class SqliteDatabase : TestDatabase
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), "nip66-persistence-tests", Guid.NewGuid().ToString("N"));

    protected override Task<PersistenceOptions> CreateAsync() =>
        // The folder does not exist yet: MigrateAsync creates it, as on a fresh install.
        Task.FromResult(PersistenceOptions.ForSqliteFolder(Path.Combine(_folder, "data")));

    protected override Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresDatabase : TestDatabase
{
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Database=nip66;Username=nip66;Password=nip66";

    readonly string _name = $"nip66_test_{Guid.NewGuid():N}"[..28];

    /// <summary>Simulates an outage: refuses new connections and ends the open ones (or lets them in again).</summary>
    public async Task SetReachableAsync(bool reachable)
    {
        await using var connection = await OpenMaintenanceAsync(new NpgsqlConnectionStringBuilder(ServerConnectionString));
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{_name}\" ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!reachable)
        {
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection);
            terminate.Parameters.AddWithValue("name", _name);
            await terminate.ExecuteScalarAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("NIP66_POSTGRES") is { Length: > 0 } value ? value : DefaultConnectionString;

    protected override async Task<PersistenceOptions> CreateAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(ServerConnectionString);
        await using (var connection = await OpenMaintenanceAsync(server))
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        server.Database = _name;
        return new PersistenceOptions { Provider = PersistenceProvider.Postgres, ConnectionString = server.ConnectionString };
    }

    protected override async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenMaintenanceAsync(new NpgsqlConnectionStringBuilder(ServerConnectionString));
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    static async Task<NpgsqlConnection> OpenMaintenanceAsync(NpgsqlConnectionStringBuilder server)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Timeout = 5, Pooling = false };
        var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at {server.Host}:{server.Port} as '{server.Username}' " +
                "(connection string from NIP66_POSTGRES, default " + DefaultConnectionString.Replace("Password=nip66", "Password=***", StringComparison.Ordinal) + "). " +
                "These tests need a real PostgreSQL whose user may CREATE DATABASE: start one with `scripts/services start` " +
                $"(or by hand: initdb and pg_ctl on 127.0.0.1:5432, role nip66/nip66 with CREATEDB) and run the tests again. Cause: {e.Message}",
                e);
        }
    }
}

/// <summary>A started in-memory bus; stops it and disposes its services.</summary>
public sealed class TestBus(ServiceProvider services, IBusControl bus, ConsumeCounter counter) : IAsyncDisposable
{
    public IBusControl Bus => bus;

    public IServiceProvider Services => services;

    public ConsumeCounter Counter => counter;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await bus.StopAsync(timeout.Token);
        await services.DisposeAsync();
    }
}

/// <summary>Counts consumed and faulted messages per message type.</summary>
public sealed class ConsumeCounter : IConsumeObserver
{
    readonly Dictionary<Type, int> _consumed = [];
    readonly Dictionary<Type, int> _faulted = [];
    readonly Lock _lock = new();

    public int Consumed<T>()
    {
        lock (_lock)
        {
            return _consumed.GetValueOrDefault(typeof(T));
        }
    }

    public int Faulted<T>()
    {
        lock (_lock)
        {
            return _faulted.GetValueOrDefault(typeof(T));
        }
    }

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        lock (_lock)
        {
            _consumed[typeof(T)] = _consumed.GetValueOrDefault(typeof(T)) + 1;
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        lock (_lock)
        {
            _faulted[typeof(T)] = _faulted.GetValueOrDefault(typeof(T)) + 1;
        }

        return Task.CompletedTask;
    }
}
