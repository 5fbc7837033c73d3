using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// RabbitMQ goes away in the middle of a cycle and comes back on the same port with the same data. Queues are
/// durable, messages persistent and publishes confirmed, so what was queued survives, what was being handled is
/// redelivered, and a publish the broker never confirmed fails its consumer, whose message is then redelivered too.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class BrokerRestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cycle_completes_after_RabbitMQ_restarts_mid_cycle(bool kill)
    {
        await using var services = await PrivateServices.StartAsync(PrivateService.RabbitMq);
        await using var relays = await FaultRelays.StartAsync();
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var scenario = await FaultScenario.StartAsync(services.RabbitMq, TestServices.Redis, database.Value, relays.Monitored, relays.PublishRelay);

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

        var completed = await cycle.WaitAsync(TimeSpan.FromMinutes(3));
        await scenario.AssertCompletedInFullAsync(completed, relays.PublishRelay);
        Assert.Empty(await TestServices.ErrorQueuesAsync(services.RabbitMq, services.RabbitMqManagementPort));
    }
}
