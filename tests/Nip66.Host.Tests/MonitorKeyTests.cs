using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

/// <summary>
/// Only the roles that sign (checker: write probes and NIP-42 answers; publisher: the monitor's events) read the
/// monitor key; a distributed one without a configured key refuses to start rather than sign as a stranger.
/// </summary>
public sealed class MonitorKeyTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("nip66-key-").FullName;

    [Theory]
    [InlineData("checker")]
    [InlineData("publisher")]
    [InlineData("scheduler,publisher,persistence")]
    public async Task A_distributed_signing_role_without_a_key_refuses_to_start_and_names_where_to_put_it(string roles)
    {
        // Nothing listens at these addresses: the key is refused before anything connects.
        using var run = Nip66Process.Start(["run", "--roles", roles], new Dictionary<string, string>
        {
            ["Mode"] = "distributed",
            ["RabbitMq"] = "amqp://nip66:secret@127.0.0.1:1/",
            ["Redis"] = "127.0.0.1:1",
            ["Postgres"] = "Host=127.0.0.1;Port=1;Database=nip66;Username=nip66;Password=secret",
            ["Data"] = data,
        });

        var exitCode = await run.ExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        var signing = string.Join(", ", roles.Split(',').Where(r => r is "checker" or "publisher"));
        Assert.StartsWith($"nip66: configuration key 'KeyFile': roles {signing} sign as the monitor and, in distributed mode, need its key", run.Stderr, StringComparison.Ordinal);
        foreach (var named in new[] { "NIP66_KEYFILE", "--key FILE", "Key (NIP66_KEY)", Path.Combine(data, "monitor.key") })
        {
            Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(data));
    }

    [Fact]
    public void Roles_that_sign_nothing_never_read_the_key_file_nor_create_one()
    {
        foreach (var mode in new[] { "embedded", "distributed" })
        {
            foreach (var roles in new[] { "scheduler,persistence,web", "scheduler", "persistence", "web" })
            {
                // A key file that does not exist: reading it would throw.
                var (config, settings) = Load(mode, roles, keyFile: Path.Combine(data, "missing.key"));
                Assert.Null(MonitorConfiguration.ResolveKeys(config, settings, TextWriter.Null));

                // No key configured: an embedded signing role would create DATA/monitor.key here.
                (config, settings) = Load(mode, roles, keyFile: null);
                Assert.Null(MonitorConfiguration.ResolveKeys(config, settings, TextWriter.Null));
            }
        }

        // (That such a host has no key to resolve is MonitorIdentityTests' first assertion, in Nip66.Web.Tests.)
        Assert.Empty(Directory.GetFiles(data));
    }

    [Fact]
    public void A_distributed_signing_role_takes_the_configured_key_or_the_data_folders_existing_one()
    {
        var keys = NostrKeys.Generate();
        var (inlineConfig, inlineSettings) = Load("distributed", "checker", keyFile: null, inlineKey: keys.ToNsec());
        Assert.Equal(keys.PublicKeyHex, MonitorConfiguration.ResolveKeys(inlineConfig, inlineSettings, TextWriter.Null)?.PublicKeyHex);

        var created = KeyFile.Create(Path.Combine(data, "monitor.key"));
        var (config, settings) = Load("distributed", "publisher", keyFile: null);
        Assert.Equal(created.PublicKeyHex, MonitorConfiguration.ResolveKeys(config, settings, TextWriter.Null)?.PublicKeyHex);
    }

    [Fact]
    public void A_signing_role_built_without_its_key_is_a_programming_error()
    {
        var (_, settings) = Load("embedded", "checker", keyFile: null);

        var e = Assert.Throws<ArgumentException>(() => MonitorHost.Build(settings, keys: null, runCycles: false, LogLevel.Warning, urls: "http://127.0.0.1:0"));
        Assert.Equal("keys", e.ParamName);
    }

    public void Dispose() => Directory.Delete(data, recursive: true);

    private (IConfiguration Config, MonitorSettings Settings) Load(string mode, string roles, string? keyFile, string? inlineKey = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mode"] = mode,
            ["Roles"] = roles,
            ["Data"] = data,
            ["KeyFile"] = keyFile,
            ["Key"] = inlineKey,
            ["RabbitMq"] = "amqp://nip66:secret@127.0.0.1:1/",
            ["Redis"] = "127.0.0.1:1",
            ["Postgres"] = "Host=127.0.0.1;Port=1;Database=nip66;Username=nip66;Password=secret",
        }).Build();
        return (config, MonitorSettings.Load(config));
    }
}
