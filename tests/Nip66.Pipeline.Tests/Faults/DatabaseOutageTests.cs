using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Faults;

/// <summary>
/// PostgreSQL stopped for 30 s in the middle of a cycle: the persistence consumers' retry policy (about three
/// minutes, see PersistenceRetry) outlasts it, so every result is stored once it is back and none is faulted.
/// </summary>
[Collection(FaultTestGroup.Name)]
public sealed class DatabaseOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Results_wait_out_a_30_second_PostgreSQL_outage_and_none_is_lost()
    {
        await using var services = await PrivateServices.StartAsync(PrivateService.Postgres);
        await using var relays = await FaultRelays.StartAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        await using var scenario = await FaultScenario.StartAsync(vhost.Value, TestServices.Redis, services.Postgres, relays.Monitored, relays.PublishRelay);

        var cycle = await scenario.StartCycleAsync();
        await FaultScenario.WaitUntilAsync(async () => await scenario.CountResultsAsync() >= 2, TimeSpan.FromMinutes(1), $"two results stored");
        await services.StopAsync(PrivateService.Postgres);

        // The outage itself is the fault under test, not a wait for a condition: results keep arriving meanwhile.
        await Task.Delay(Outage);
        Assert.False(cycle.IsFaulted);
        await services.StartAsync(PrivateService.Postgres);

        var completed = await scenario.CompletionAsync(cycle, TimeSpan.FromMinutes(3));
        await scenario.AssertCompletedInFullAsync(completed, relays.PublishRelay);
        Assert.Empty(await TestServices.ErrorQueuesAsync(vhost.Value));
    }
}
