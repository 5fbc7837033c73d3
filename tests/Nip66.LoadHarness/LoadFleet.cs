using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The relay fleet in a child process (so that the figures are the monitor's alone) and the relay list drawn from it:
/// healthy with a latency, hanging after the upgrade, or refusing (port 1), in the proportions the options give.
/// </summary>
internal sealed class LoadFleet : IAsyncDisposable
{
    private readonly Process process;

    private LoadFleet(Process process, string[] relays)
    {
        this.process = process;
        Relays = relays;
    }

    /// <summary>Normalised relay URLs, as the registry stores them.</summary>
    public string[] Relays { get; }

    /// <summary>The child's side: serves the hosts until its standard input closes.</summary>
    public static async Task ServeAsync(int hosts)
    {
        await using var fleet = await HostileRelay.StartAsync([.. Enumerable.Range(1, hosts).Select(i => $"127.0.0.{i}")]);
        Console.WriteLine(JsonSerializer.Serialize(fleet.BaseUrls));
        await Console.In.ReadToEndAsync();
    }

    public static async Task<LoadFleet> StartAsync(Options options)
    {
        var process = Process.Start(new ProcessStartInfo("dotnet", [typeof(LoadFleet).Assembly.Location, "fleet", "--hosts", options.Hosts.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        var baseUrls = JsonSerializer.Deserialize<string[]>(await process.StandardOutput.ReadLineAsync() ?? "[]")!;
        var random = new Random(66);
        var relays = Enumerable.Range(0, options.Relays).Select(i =>
        {
            var roll = random.Next(100);
            var host = baseUrls[i % baseUrls.Length];
            return roll < options.HangPercent ? $"{host}/hang-{i}"
                : roll < options.HangPercent + options.RefusePercent ? $"ws://127.0.0.{1 + (i % options.Hosts)}:1/refused-{i}"
                : $"{host}/latency-{random.Next(options.MinLatency, options.MaxLatency + 1)}-{i}";
        }).Select(u => RelayUrl.Parse(u).Value).ToArray();
        return new LoadFleet(process, relays);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
