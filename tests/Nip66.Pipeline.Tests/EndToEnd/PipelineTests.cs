using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.EndToEnd;

public sealed class PipelineTests(PipelineRelays relays) : IClassFixture<PipelineRelays>, IDisposable
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-e2e-").FullName;

    [Fact]
    public async Task Embedded_cycle_in_one_process_without_services()
    {
        var keys = NostrKeys.Generate();
        await PipelineScenario.RunAndAssertAsync(relays, PipelineScenario.Configuration(dataDirectory, keys, relays.PublishRelay), keys);

        Assert.True(File.Exists(Path.Combine(dataDirectory, "nip66.db")));
    }

    [Fact]
    public async Task Distributed_cycle_on_RabbitMQ_Redis_and_PostgreSQL()
    {
        await using var database = await TestServices.CreatePostgresDatabaseAsync();
        await using var vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
        var keys = NostrKeys.Generate();
        var configuration = PipelineScenario.Configuration(dataDirectory, keys, relays.PublishRelay, new Dictionary<string, string?>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = vhost.Value,
            ["Redis"] = TestServices.Redis,
            ["Postgres"] = database.Value,
        });

        await PipelineScenario.RunAndAssertAsync(relays, configuration, keys);

        Assert.False(File.Exists(Path.Combine(dataDirectory, "nip66.db")));
    }

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);
}
