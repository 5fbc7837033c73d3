using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Host;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.Web.Tests;

/// <summary>
/// An embedded monitor with the web role, serving on a free port, after two cycles over three real relays and a
/// closed port: the page and the read API have relays, history and cycles to show.
/// </summary>
public sealed class MonitorFixture : IAsyncLifetime
{
    public const string Token = "test-token";

    /// <summary>Nothing listens here: the relay is offline (connection refused).</summary>
    public const string ClosedUrl = "ws://127.0.0.1:1/";

    private RunningMonitor? monitor;

    public RelayHost Relays { get; private set; } = null!;

    public RunningMonitor Monitor => monitor ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => Monitor.BaseAddress;

    public string HealthyUrl => RelayUrl.Parse(Relays["healthy"].Url).Value;

    public IReadOnlyList<string> RelayUrls { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Relays = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("readonly", "readonly"), new RelaySpec("auth", "auth"));
        monitor = await RunningMonitor.StartAsync(Token, publishRelays: [Relays["healthy"].Url]);
        RelayUrls = [.. Relays.Relays.Select(r => RelayUrl.Parse(r.Url).Value), ClosedUrl];
        await monitor.Services.GetRequiredService<IRelayRegistry>().AddAsync(RelayUrls, allowPrivateAddresses: true);
        for (var i = 0; i < 2; i++)
        {
            await OneCycle.RunAsync(monitor.Services, monitor.Settings, TimeSpan.FromSeconds(30));
        }
    }

    public async Task DisposeAsync()
    {
        if (monitor is not null)
        {
            await monitor.DisposeAsync();
        }

        if (Relays is not null)
        {
            await Relays.DisposeAsync();
        }
    }
}

/// <summary>An embedded monitor (all roles unless told, no scheduled cycles) in this process on 127.0.0.1 and a free port.</summary>
public sealed class RunningMonitor : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string data;

    private RunningMonitor(WebApplication app, MonitorSettings settings, string data, Uri baseAddress)
    {
        this.app = app;
        this.data = data;
        Settings = settings;
        BaseAddress = baseAddress;
    }

    public MonitorSettings Settings { get; }

    public IServiceProvider Services => app.Services;

    public Uri BaseAddress { get; }

    public NostrKeys Keys => app.Services.GetRequiredService<NostrKeys>();

    public static async Task<RunningMonitor> StartAsync(string? token, IReadOnlyList<string>? publishRelays = null, string? optOut = null, string? roles = null)
    {
        var data = Directory.CreateTempSubdirectory("nip66-web-").FullName;
        var config = new Dictionary<string, string?>
        {
            ["Data"] = data,
            ["Timeouts:Open"] = "5000",
            ["Timeouts:Read"] = "5000",
            ["Timeouts:Write"] = "5000",
            ["Timeouts:Auth"] = "5000",
            ["Timeouts:Nip11"] = "5000",
            ["Api:Token"] = token,
            ["OptOut"] = optOut,
            ["Roles"] = roles,
        };
        for (var i = 0; i < (publishRelays?.Count ?? 0); i++)
        {
            config[$"PublishRelays:{i}"] = publishRelays![i];
        }

        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        var app = MonitorHost.Build(settings, settings.Signs ? NostrKeys.Generate() : null, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0");
        await MonitorHost.PrepareAsync(app, settings, CancellationToken.None);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningMonitor(app, settings, data, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the folder is under the temp directory.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MonitorWithHistory : ICollectionFixture<MonitorFixture>
{
    public const string Name = "monitor with history";
}
