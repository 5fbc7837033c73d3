using System.Diagnostics;
using System.Globalization;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The <see cref="RelayFleet"/> in a child process (so that the figures are the monitor's alone) and the relay list
/// it serves. Without <c>--mix</c> the fleet is healthy with a latency, hanging, or refusing (a closed port), in the
/// proportions the options give; <c>--mix</c> takes any behaviours of <see cref="FleetBehaviour"/>.
/// </summary>
internal sealed class LoadFleet : IAsyncDisposable
{
    private readonly Process process;

    private LoadFleet(Process process, IReadOnlyList<FleetEndpoint> endpoints, int relays)
    {
        this.process = process;
        Endpoints = endpoints;
        Relays = [.. endpoints.Take(relays).Select(e => RelayUrl.Parse(e.Url).Value)];
        Candidates = [.. endpoints.Skip(relays).Select(e => RelayUrl.Parse(e.Url).Value)];
        var expected = endpoints.CountBy(e => e.Expected.Status).ToDictionary();
        Expected = string.Create(CultureInfo.InvariantCulture,
            $"{expected.GetValueOrDefault(RelayStatus.Online)} online, {expected.GetValueOrDefault(RelayStatus.Degraded)} degraded, {expected.GetValueOrDefault(RelayStatus.Offline)} offline");
    }

    /// <summary>What each endpoint does, with its latency.</summary>
    public IReadOnlyList<FleetEndpoint> Endpoints { get; }

    /// <summary>Normalised relay URLs, as the registry stores them: the operator's relays.</summary>
    public string[] Relays { get; }

    /// <summary>The endpoints after <see cref="Relays"/>, as pending discovery candidates (<c>--candidates</c>).</summary>
    public IReadOnlyList<string> Candidates { get; }

    /// <summary>What a correct check of every endpoint reports, by status.</summary>
    public string Expected { get; }

    public static async Task<LoadFleet> StartAsync(Options options)
    {
        var healthy = 100 - options.HangPercent - options.RefusePercent;
        var mix = options.Mix ?? $"healthy={healthy},hang={options.HangPercent},port-closed={options.RefusePercent}";
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(new ProcessStartInfo("dotnet",
        [
            typeof(LoadFleet).Assembly.Location, "fleet", "--endpoints", Text(options.Relays + options.Candidates), "--addresses", Text(options.Hosts), "--mix", mix,
            "--min-latency", Text(options.MinLatency), "--max-latency", Text(options.MaxLatency),
        ])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the fleet process ended before listing its endpoints");
        return new LoadFleet(process, RelayFleet.ParseEndpoints(line), options.Relays);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
