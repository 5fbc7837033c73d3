using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The <see cref="RelayFleet"/> in a child process (so that the figures are the monitor's alone) and the relay list
/// it serves. Without <c>--mix</c> the fleet is healthy with a latency, hanging, or refusing (a closed port), in the
/// proportions the options give; <c>--mix</c> takes any behaviours of <see cref="FleetBehaviour"/>. <c>--fleet realistic</c>
/// lays it out like the real network (<see cref="FleetComposition.RealisticAddresses"/>): thousands of hosts and two farms.
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

    /// <summary>Distinct relay hosts, as the checker's per-host limit counts them.</summary>
    public int Hosts => Relays.Select(r => RelayUrl.Parse(r).Host).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    /// <summary>
    /// For a monitor in this process: a resolver that maps the fleet's host names (the subdomain farm) to their
    /// loopback address, in place of the system's DNS; nothing when every URL is an IP literal.
    /// </summary>
    public void Overrides(IServiceCollection services)
    {
        var named = Endpoints.Where(e => e.Address is not null).ToArray();
        if (named.Length == 0)
        {
            return;
        }

        var resolver = new MappedResolver();
        foreach (var endpoint in named)
        {
            resolver.Map(RelayUrl.Parse(endpoint.Url).Host, endpoint.Address!);
        }

        services.AddSingleton<IHostResolver>(resolver);
    }

    public static async Task<LoadFleet> StartAsync(Options options)
    {
        var healthy = 100 - options.HangPercent - options.RefusePercent;
        var mix = options.Mix ?? $"healthy={healthy},hang={options.HangPercent},port-closed={options.RefusePercent}";
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(new ProcessStartInfo("dotnet",
        [
            typeof(LoadFleet).Assembly.Location, "fleet", "--endpoints", Text(options.Relays + options.Candidates), "--addresses", Text(options.Hosts), "--mix", mix,
            "--min-latency", Text(options.MinLatency), "--max-latency", Text(options.MaxLatency), "--shape", options.Shape,
            "--subdomain-farm", Text(options.SubdomainFarm), "--farm-latency", Text(options.FarmLatency),
        ])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        })!;
        return new LoadFleet(process, await RelayFleet.ReadEndpointsAsync(process.StandardOutput.BaseStream), options.Relays);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
