using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nip66.TestSupport;

/// <summary>
/// One relay endpoint of a fleet: where it is, what it does, and what a correct check of it reports. A URL with a host
/// name (the subdomain farm's) gives in <paramref name="Address"/> what the name must resolve to; an IP literal needs none.
/// </summary>
public sealed record FleetEndpoint(string Url, FleetBehaviour Behaviour, int LatencyMs, ExpectedOutcome Expected, string? Address = null);

/// <summary>
/// Thousands of relay endpoints for tests and benchmarks: ONE <see cref="HostileRelay"/> listening on each loopback
/// address of the composition (<see cref="FleetComposition.AddressOf"/>) serves every hostile behaviour by path
/// (<see cref="FleetPath"/>), ports bound without listening stand for closed ports, and a <see cref="RelayHost"/> adds
/// real relays from npm. Each address costs two file descriptors before any connection: a fleet of thousands of
/// addresses needs <c>ulimit -n</c> above twice their number plus the connections. An endpoint costs nothing until it is
/// connected to, so 10,000 of them are a list of URLs.
/// From another process: call <see cref="RunAsChildAsync"/> there and read its stdout with
/// <see cref="ReadEndpointsAsync"/>; closing its stdin stops it.
/// </summary>
public sealed class RelayFleet : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly HostileRelay hostile;
    private readonly RelayHost? npm;
    private readonly IReadOnlyList<ClosedPort> closedPorts;

    private RelayFleet(HostileRelay hostile, RelayHost? npm, IReadOnlyList<ClosedPort> closedPorts, IReadOnlyList<FleetEndpoint> endpoints)
    {
        this.hostile = hostile;
        this.npm = npm;
        this.closedPorts = closedPorts;
        Endpoints = endpoints;
    }

    public IReadOnlyList<FleetEndpoint> Endpoints { get; }

    public static async Task<RelayFleet> StartAsync(FleetComposition composition)
    {
        var counts = composition.Counts();
        var planned = composition.Plan();
        var hostile = await HostileRelay.StartAsync([.. Enumerable.Range(0, composition.AddressCount).Select(FleetComposition.AddressOf)]);

        // Only where a closed port is planned: two descriptors per address would double the fleet's.
        var closedPorts = planned.Where(p => p.Path.Behaviour == FleetBehaviour.PortClosed).Select(p => p.Address).Distinct()
            .ToDictionary(a => a, a => new ClosedPort(FleetComposition.AddressOf(a)));
        RelayHost? npm = null;
        try
        {
            var npmSpecs = counts.Where(c => c.Behaviour.IsNpm())
                .SelectMany(c => Enumerable.Range(1, c.Count).Select(i => NpmSpec(c.Behaviour, i)))
                .ToArray();
            npm = npmSpecs.Length == 0 ? null : await RelayHost.StartAsync(npmSpecs);
            var endpoints = Lay(planned, hostile.BaseUrls, closedPorts, npm);
            return new RelayFleet(hostile, npm, [.. closedPorts.Values], endpoints);
        }
        catch
        {
            await hostile.DisposeAsync();
            foreach (var port in closedPorts.Values)
            {
                port.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// The child-process entry (arguments as <see cref="FleetComposition.Parse"/> reads them): prints the endpoints
    /// as ONE JSON line, serves until stdin closes, returns the exit code.
    /// </summary>
    public static async Task<int> RunAsChildAsync(string[] args)
    {
        FleetComposition composition;
        try
        {
            composition = FleetComposition.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await using var fleet = await StartAsync(composition);
        await Console.Out.WriteLineAsync(fleet.ToJson());
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public string ToJson() => JsonSerializer.Serialize(Endpoints, Json);

    /// <summary>
    /// The endpoint list, the first JSON value on the child's stdout, read as it streams in: read as one line, 10,000
    /// endpoints made a 4 MiB string and two 8 MiB reader buffers, large-object-heap garbage that stayed in the
    /// parent (the load harness, which runs the monitor) through the first half of a cycle and raised its peak RSS.
    /// The stream stays open after the list (the child serves until its stdin closes).
    /// </summary>
    public static async Task<IReadOnlyList<FleetEndpoint>> ReadEndpointsAsync(Stream stdout)
    {
        await foreach (var endpoints in JsonSerializer.DeserializeAsyncEnumerable<FleetEndpoint[]>(stdout, topLevelValues: true, Json))
        {
            return endpoints ?? throw new FormatException("fleet: no endpoint list");
        }

        throw new InvalidOperationException("the fleet process ended before listing its endpoints");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var port in closedPorts)
        {
            port.Dispose();
        }

        if (npm is not null)
        {
            await npm.DisposeAsync();
        }

        await hostile.DisposeAsync();
    }

    private static FleetEndpoint[] Lay(IReadOnlyList<PlannedEndpoint> planned, IReadOnlyList<string> baseUrls, Dictionary<int, ClosedPort> closedPorts, RelayHost? npm)
    {
        var endpoints = new List<FleetEndpoint>(planned.Count + (npm?.Relays.Count ?? 0));
        foreach (var (address, name, path) in planned)
        {
            var origin = new UriBuilder(path.Behaviour == FleetBehaviour.PortClosed
                ? closedPorts[address].Url
                : baseUrls[address]);
            if (name is not null)
            {
                origin.Host = name;
            }

            var url = $"ws://{origin.Host}:{origin.Port}/{path}";
            endpoints.Add(new FleetEndpoint(url, path.Behaviour, path.LatencyMs, path.Behaviour.Expected(), name is null ? null : FleetComposition.AddressOf(address)));
        }

        foreach (var relay in npm?.Relays ?? [])
        {
            var behaviour = Enum.Parse<FleetBehaviour>(relay.Name[..relay.Name.IndexOf('#', StringComparison.Ordinal)]);
            endpoints.Add(new FleetEndpoint(relay.Url + "/", behaviour, 0, behaviour.Expected()));
        }

        return [.. endpoints];
    }

    private static RelaySpec NpmSpec(FleetBehaviour behaviour, int number)
    {
        var name = $"{behaviour}#{number}";
        return behaviour switch
        {
            FleetBehaviour.NpmHealthy => new RelaySpec(name, "healthy"),
            FleetBehaviour.NpmReadOnly => new RelaySpec(name, "readonly"),
            FleetBehaviour.NpmAuth => new RelaySpec(name, "auth"),
            FleetBehaviour.NpmNoNip11 => new RelaySpec(name, "healthy", Nip11: false),
            FleetBehaviour.NpmUpgradeRefused => new RelaySpec(name, "upgrade-refused"),
            _ => throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "not a real relay"),
        };
    }
}
