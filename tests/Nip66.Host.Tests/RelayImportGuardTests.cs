using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Host.Tests;

/// <summary>
/// <c>relays import</c> of someone else's list: internal hosts are left out by name and the rest are added guarded,
/// unless <c>--allow-private</c> vouches for the list; <c>relays add</c> is the operator's own hand and trusts.
/// </summary>
public sealed class RelayImportGuardTests : IDisposable
{
    private const string List = """
        # a list found on the web
        wss://relay.example.com
        ws://127.0.0.1:7000/
        ws://10.1.2.3/
        ws://169.254.169.254/latest/meta-data
        ws://localhost:8080
        ws://postgres:5432/
        wss://nas.home.arpa/
        wss://[::1]/
        """;

    private static readonly string[] Internal =
    [
        "ws://127.0.0.1:7000/", "ws://10.1.2.3/", "ws://169.254.169.254/latest/meta-data", "ws://localhost:8080/", "ws://postgres:5432/",
        "wss://nas.home.arpa/", "wss://[::1]/",
    ];

    private readonly string data = Directory.CreateTempSubdirectory("nip66-import-guard-").FullName;

    [Fact]
    public async Task Import_refuses_internal_hosts_by_name_and_adds_the_rest_guarded()
    {
        var list = await WriteListAsync();

        var (code, stdout, _) = await Nip66("relays", "import", list, "--data", data);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Internal.Order(StringComparer.Ordinal), lines.Where(l => l.StartsWith("not added: ", StringComparison.Ordinal))
            .Select(l => l["not added: ".Length..].Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Contains("not added: ws://127.0.0.1:7000/ (127.0.0.1 is a loopback address; --allow-private trusts the list", stdout, StringComparison.Ordinal);
        Assert.Contains("not added: ws://169.254.169.254/latest/meta-data (169.254.169.254 is a link-local address;", stdout, StringComparison.Ordinal);
        Assert.Contains("not added: ws://postgres:5432/ (postgres is a single-label name", stdout, StringComparison.Ordinal);
        Assert.Equal($"1 relay(s) added from {list}, 0 already known", lines[^1]);
        Assert.Equal(new Dictionary<string, bool> { ["wss://relay.example.com/"] = false }, await TrustAsync());
    }

    [Fact]
    public async Task Import_with_allow_private_adds_every_relay_trusted()
    {
        var list = await WriteListAsync();

        var (code, stdout, _) = await Nip66("relays", "import", list, "--allow-private", "--data", data);

        Assert.Equal((0, $"8 relay(s) added from {list}, 0 already known\n"), (code, stdout));
        var trust = await TrustAsync();
        Assert.Equal(Internal.Append("wss://relay.example.com/").Order(StringComparer.Ordinal), trust.Keys.Order(StringComparer.Ordinal));
        Assert.All(trust.Values, Assert.True);
    }

    [Fact]
    public async Task A_relay_added_by_hand_stays_trusted_when_a_list_imports_it_again()
    {
        await Nip66("relays", "add", "wss://relay.example.com", "--data", data);
        var list = await WriteListAsync();

        var (code, stdout, _) = await Nip66("relays", "import", list, "--data", data);
        await Nip66("relays", "add", "wss://relay.example.com", "--data", data);

        Assert.Equal(0, code);
        Assert.EndsWith($"0 relay(s) added from {list}, 1 already known\n", stdout, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, bool> { ["wss://relay.example.com/"] = true }, await TrustAsync());
    }

    public void Dispose() => Directory.Delete(data, recursive: true);

    private async Task<string> WriteListAsync()
    {
        var list = Path.Combine(data, "relays.txt");
        await File.WriteAllTextAsync(list, List);
        return list;
    }

    /// <summary>Whether each registered relay may point at private addresses, as the scheduler reads it.</summary>
    private async Task<Dictionary<string, bool>> TrustAsync()
    {
        var settings = MonitorSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data"] = data }).Build());
        await using var services = new ServiceCollection().AddPersistence(MonitorHost.PersistenceOptionsFor(settings)).BuildServiceProvider();
        var due = await services.GetRequiredService<RelaySchedule>().GetDueAsync(DateTimeOffset.UtcNow.AddYears(1));
        return due.ToDictionary(d => d.Url, d => d.AllowPrivateAddresses);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Nip66(params string[] args) => CheckCommandTests.RunNip66Async(args);
}
