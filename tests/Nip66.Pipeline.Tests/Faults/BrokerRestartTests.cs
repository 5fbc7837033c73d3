using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// RabbitMQ goes away in the middle of a cycle and comes back on the same port with the same data. Queues are
/// durable, messages persistent and publishes confirmed, so what was queued survives, what was being handled is
/// redelivered, and a publish the broker never confirmed fails its consumer, whose message is then redelivered too.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class BrokerRestartTests(PrivateBroker broker) : IClassFixture<PrivateBroker>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cycle_completes_after_RabbitMQ_restarts_mid_cycle(bool kill)
    {
        var services = broker.Services;
        await services.StartAsync(PrivateService.RabbitMq); // in case an earlier test left it stopped
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync(new Uri(services.RabbitMq), services.RabbitMqManagementPort);
        await using var relays = await FaultRelays.StartAsync();
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var scenario = await FaultScenario.StartAsync(vhost.Value, TestServices.Redis, database.Value, relays.Monitored, relays.PublishRelay);

        var cycle = await scenario.StartCycleAsync();
        await FaultScenario.WaitUntilAsync(async () => await scenario.CountResultsAsync() >= 2, TimeSpan.FromMinutes(1), $"two results stored");
        if (kill)
        {
            await services.KillAsync(PrivateService.RabbitMq);
        }
        else
        {
            await services.StopAsync(PrivateService.RabbitMq);
        }

        Assert.True(await scenario.CountResultsAsync() < scenario.Urls.Count, "the cycle finished before the broker stopped; the test proves nothing");
        await services.StartAsync(PrivateService.RabbitMq);

        var completed = await scenario.CompletionAsync(cycle, TimeSpan.FromMinutes(3));
        await scenario.AssertCompletedInFullAsync(completed, relays.PublishRelay);
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value, services.RabbitMqManagementPort));
    }
}

/// <summary>One private broker for both kinds of restart: starting RabbitMQ is the slowest part of these tests.</summary>
public sealed class PrivateBroker : IAsyncLifetime
{
    public PrivateServices Services { get; private set; } = null!;

    public async Task InitializeAsync() => Services = await PrivateServices.StartAsync(PrivateService.RabbitMq);

    public async Task DisposeAsync() => await Services.DisposeAsync();
}
