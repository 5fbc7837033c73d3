using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Publisher;

namespace Nip66.Pipeline.Tests.Delivery;

/// <summary>
/// The publisher's delivery endpoints and the persistence consumers on a RabbitMQ virtual host and a PostgreSQL
/// database, with delivery settings a test chooses (the monitor's host takes only the publish relays).
/// </summary>
public sealed class DeliveryHost : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private DeliveryHost(IHost host) => this.host = host;

    public NostrKeys Keys => host.Services.GetRequiredService<NostrKeys>();

    public static async Task<DeliveryHost> StartAsync(string rabbitMq, string postgres, PublisherOptions options)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(NostrKeys.Generate());
        builder.Services.AddPersistence(new PersistenceOptions { Provider = PersistenceProvider.Postgres, ConnectionString = postgres });
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddPublisher(options, useRedisClock: false);
            bus.AddPersistenceConsumers();
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(rabbitMq));
                cfg.ConfigureEndpoints(context);
                cfg.ConfigureDeliveryEndpoints(context);
            });
        });
        var host = builder.Build();
        await MonitorDatabase.MigrateAsync(host.Services);
        await host.StartAsync();
        return new DeliveryHost(host);
    }

    /// <summary>A fresh signed kind-1 event.</summary>
    public NostrEvent NewEvent(string content) =>
        new UnsignedEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, [], content).Sign(Keys);

    /// <summary>Queues the delivery of <paramref name="e"/> to <paramref name="publishRelay"/>, as the publisher does.</summary>
    public async Task DeliverAsync(NostrEvent e, string publishRelay)
    {
        var endpoint = await host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{DeliveryQueues.Name(publishRelay)}"));
        await endpoint.Send(new DeliverEvent { EventId = e.Id, EventJson = e.ToJson(), PublishRelay = publishRelay });
    }

    /// <summary>The stored attempts to deliver these events to <paramref name="publishRelay"/>, in attempt order.</summary>
    public async Task<List<EventDelivery>> AttemptsAsync(string publishRelay, params string[] eventIds)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        return await db.EventDeliveries.AsNoTracking()
            .Where(d => d.PublishRelay == publishRelay && eventIds.Contains(d.EventId))
            .OrderBy(d => d.EventId).ThenBy(d => d.Attempt)
            .ToListAsync();
    }

    /// <summary>Stops the host as SIGTERM would (the application's stopping token first).</summary>
    public async Task StopAsync()
    {
        stopped = true;
        await host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopped)
        {
            await host.StopAsync();
        }

        host.Dispose();
    }
}
