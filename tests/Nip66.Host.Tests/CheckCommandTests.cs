using System.Text.Json;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

public sealed class HealthyRelayFixture : IAsyncLifetime
{
    public RelayHost Host { get; private set; } = null!;

    public string Url => Host["healthy"].Url;

    public async Task InitializeAsync() => Host = await RelayHost.StartAsync(new RelaySpec("healthy", "healthy"), new RelaySpec("publish", "healthy"));

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class CheckCommandTests(HealthyRelayFixture fixture) : IClassFixture<HealthyRelayFixture>
{
    [Fact]
    public async Task Json_output_of_the_real_command_is_online_with_an_event_nostr_tools_verifies()
    {
        var (exitCode, stdout, stderr) = await RunNip66Async("check", "--json", "--timeout-ms", "5000", fixture.Url);

        Assert.Equal(0, exitCode);
        Assert.Contains("throwaway key", stderr, StringComparison.Ordinal);
        using var line = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var report = line.RootElement;
        Assert.Equal(fixture.Url + "/", report.GetProperty("url").GetString());
        Assert.Equal("online", report.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("failure").ValueKind);
        foreach (var rtt in new[] { "open", "read", "write" })
        {
            Assert.True(report.GetProperty("rtt").GetProperty(rtt).GetInt32() >= 0);
        }

        Assert.Equal(JsonValueKind.Object, report.GetProperty("nip11").ValueKind);
        var signed = EventParser.Parse(report.GetProperty("event"));
        Assert.Equal(30166, signed.Kind);
        var verdicts = await NostrTools.VerifyAsync(signed);
        Assert.Equal(new[] { true }, verdicts);
    }

    [Fact]
    public async Task Table_lists_status_rtts_and_requirements()
    {
        var stdout = new StringWriter();
        var exitCode = await Commands.CheckCommand.RunAsync(["--timeout-ms=5000", fixture.Url], stdout, new StringWriter());

        Assert.Equal(0, exitCode);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Using a throwaway key for this run: npub1", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^STATUS\s+RELAY\s+OPEN\s+READ\s+WRITE\s+FAILURE\s+NAME\s+SOFTWARE\s+R$", lines[1]);
        Assert.Matches(@"^online\s+ws://127\.0\.0\.1:\d+/\s+\d+ms\s+\d+ms\s+\d+ms\s+-\s+.+!auth !payment !writes !pow$", lines[2]);
    }

    [Fact]
    public async Task Signing_key_comes_from_a_private_key_file()
    {
        var keys = NostrKeys.Generate();
        var path = Path.Combine(Path.GetTempPath(), $"nip66-key-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, keys.ToNsec());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var stdout = new StringWriter();
            await Commands.CheckCommand.RunAsync(["--json", "--key", path, fixture.Url], stdout, new StringWriter());

            using var report = JsonDocument.Parse(stdout.ToString());
            Assert.Equal(keys.PublicKeyHex, report.RootElement.GetProperty("event").GetProperty("pubkey").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs the built host as a separate process, as ./nip66 does, to its end.</summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunNip66Async(params string[] args)
    {
        using var process = Nip66Process.Start(args);
        var exitCode = await process.ExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, process.Stdout, process.Stderr);
    }
}
