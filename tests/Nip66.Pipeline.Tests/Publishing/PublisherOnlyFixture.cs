using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>
/// Publisher processes in distributed mode (RabbitMQ in a fresh virtual host, the Redis clock and ledger), without
/// checkers or a database, in front of one real relay to publish to.
/// </summary>
public sealed class PublisherOnlyFixture : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-publisher-").FullName;
    private RelayHost relays = null!;
    private TemporaryResource vhost = null!;

    public string PublishRelay => relays["publish"].Url;

    public async Task InitializeAsync()
    {
        relays = await RelayHost.StartAsync(new RelaySpec("publish", "healthy"));
        vhost = await TestServices.CreateRabbitMqVirtualHostAsync();
    }

    public async Task DisposeAsync()
    {
        await vhost.DisposeAsync();
        await relays.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    public MonitorSettings Settings(NostrKeys keys) => MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, PublishRelay, new Dictionary<string, string?>
    {
        ["Mode"] = "distributed",
        ["RabbitMq"] = vhost.Value,
        ["Redis"] = TestServices.Redis,
        ["Postgres"] = "Host=unused",
        ["Roles"] = "publisher",
    }));

    /// <summary>One publisher process (not started).</summary>
    public WebApplication Publisher(NostrKeys keys) => MonitorHost.Build(Settings(keys), keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
}
