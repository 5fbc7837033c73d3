using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;
using Nip66.Pipeline.Tests.EndToEnd;
using Nip66.TestSupport;

namespace Nip66.Pipeline.Tests.Guard;

/// <summary>
/// The SSRF guard through the whole pipeline: the registry's origin reaches the checker by way of the scheduler, so a
/// discovered relay on loopback is refused without a connection while one the operator added is checked.
/// </summary>
public sealed class PrivateAddressGuardTests : IAsyncLifetime
{
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("nip66-guard-").FullName;
    private RecordingServer discovered = null!;
    private RecordingServer operatorAdded = null!;

    public Task InitializeAsync()
    {
        discovered = RecordingServer.Start(IPAddress.Parse("127.0.0.6"), TimeSpan.Zero);
        operatorAdded = RecordingServer.Start(IPAddress.Parse("127.0.0.7"), TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await discovered.DisposeAsync();
        await operatorAdded.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_discovered_relay_on_loopback_is_refused_as_private_address_and_an_operator_relay_is_checked()
    {
        var keys = NostrKeys.Generate();
        var settings = MonitorSettings.Load(PipelineScenario.Configuration(dataDirectory, keys, string.Empty, new Dictionary<string, string?>
        {
            ["Checks"] = "open",
        }));
        using var host = MonitorHost.Build(settings, keys, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(host, settings, CancellationToken.None);
        var registry = host.Services.GetRequiredService<IRelayRegistry>();
        var discoveredUrl = RelayUrl.Parse($"{discovered.BaseUrl}/").Value;
        var operatorUrl = RelayUrl.Parse($"{operatorAdded.BaseUrl}/").Value;
        await registry.AddAsync([discoveredUrl], allowPrivateAddresses: false, origin: RelayOrigin.Discovered);
        await registry.AddAsync([operatorUrl], allowPrivateAddresses: true);
        await host.StartAsync();
        try
        {
            var completed = await OneCycle.RunAsync(host.Services, settings, TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal((2, 2, false), (completed.Expected, completed.Checked, completed.TimedOut));
            var relays = (await host.Services.GetRequiredService<RelayStatusQueries>().ListAllAsync()).ToDictionary(r => r.Url);
            Assert.Equal("private-address", relays[discoveredUrl].LastFailureClass);
            Assert.Equal(0, discovered.Connections);
            Assert.NotEqual("private-address", relays[operatorUrl].LastFailureClass);
            Assert.True(operatorAdded.Connections >= 1, "the operator's relay on loopback was never contacted");
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
