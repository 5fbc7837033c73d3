using System.IO.Pipes;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Publisher;
using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Checker.Tests;

/// <summary>A mixed fleet, its hostile endpoints on four loopback addresses, plus real relays from npm.</summary>
public sealed class MixedFleetFixture : IAsyncLifetime
{
    public RelayFleet Fleet { get; private set; } = null!;

    public async Task InitializeAsync() => Fleet = await RelayFleet.StartAsync(FleetComposition.EveryBehaviour(each: 5, healthy: 30) with
    {
        Mix = FleetBehaviours.All.ToDictionary(b => b, b => b == FleetBehaviour.Healthy ? 30 : b.IsNpm() ? 2 : 5),
        Addresses = 4,
        MinLatencyMs = 10,
        MaxLatencyMs = 300,
        SlowMs = 600,
    });

    public async Task DisposeAsync() => await Fleet.DisposeAsync();
}

/// <summary>
/// Every endpoint of the fleet through the real checker with short timeouts: each must come out with exactly the
/// status, failing check, failure class and R tags its behaviour calls for.
/// </summary>
public sealed class FleetTests(MixedFleetFixture fixture, ITestOutputHelper output) : IClassFixture<MixedFleetFixture>
{
    private static readonly ProbeOptions Options = new ProbeOptions().WithTimeout(TimeSpan.FromMilliseconds(3000));

    [Fact]
    public void Fleet_covers_every_behaviour_twice_on_four_addresses()
    {
        var endpoints = fixture.Fleet.Endpoints;

        Assert.InRange(endpoints.Count, 100, 200);
        Assert.All(FleetBehaviours.All, b => Assert.True(endpoints.Count(e => e.Behaviour == b) >= 2, $"{b} fewer than twice"));
        Assert.Equal(4, endpoints.Where(e => !e.Behaviour.IsNpm()).Select(e => new Uri(e.Url).Host).Distinct().Count());
    }

    [Fact]
    public async Task Every_endpoint_is_classified_as_its_behaviour_calls_for()
    {
        var results = await CheckAllAsync(fixture.Fleet.Endpoints);

        var mismatches = results.Select(r => Mismatch(r.Endpoint, r.Result)).OfType<string>().ToArray();
        foreach (var mismatch in mismatches)
        {
            output.WriteLine(mismatch);
        }

        Assert.True(mismatches.Length == 0, $"{mismatches.Length} of {results.Length} endpoints misclassified:\n{string.Join('\n', mismatches)}");
    }

    [Fact]
    public async Task Refused_writes_are_never_counted_writable_and_rate_limited_is_its_own_class()
    {
        var refusing = fixture.Fleet.Endpoints.Where(e => e.Behaviour.RefusalPrefix() is not (null or "duplicate")).ToArray();

        var results = await CheckAllAsync(refusing);

        var countedWritable = results
            .Where(r => r.Result.RttWriteMs is not null || Outcome(r.Result, CheckType.Write).Success || RTags(r.Result).Contains("!writes"))
            .Select(r => $"{r.Endpoint.Url} R[{string.Join(' ', RTags(r.Result))}]")
            .ToArray();
        Assert.True(countedWritable.Length == 0, "refused writes counted writable:\n" + string.Join('\n', countedWritable));
        var rateLimited = results.Where(r => r.Endpoint.Behaviour == FleetBehaviour.RefuseRateLimited).ToArray();
        Assert.NotEmpty(rateLimited);
        Assert.All(rateLimited, r => Assert.Equal(FailureClass.RateLimited, Outcome(r.Result, CheckType.Write).Failure));
    }

    [Fact]
    public async Task A_send_in_flight_when_the_relay_drops_mid_frame_is_a_lost_connection_not_a_cancellation()
    {
        var dropping = fixture.Fleet.Endpoints.Where(e => e.Behaviour == FleetBehaviour.DropMidFrame).ToArray();
        var big = new byte[8 << 20];
        big.AsSpan().Fill((byte)' ');

        foreach (var endpoint in dropping)
        {
            // Eight megabytes the relay never reads keep the send pending while the dropped connection kills the reader.
            await using var connection = await RelayConnection.ConnectAsync(RelayUrl.Parse(endpoint.Url), new RelayClientOptions(), CancellationToken.None);
            await Assert.ThrowsAsync<RelayProtocolException>(() => connection.SendAsync(big, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Endpoint_list_survives_the_trip_to_another_process()
    {
        // A pipe left open after the list, as the child's stdout is while it serves.
        using var child = new AnonymousPipeServerStream(PipeDirection.Out);
        using var parent = new AnonymousPipeClientStream(PipeDirection.In, child.ClientSafePipeHandle);
        await using (var writer = new StreamWriter(child, leaveOpen: true))
        {
            await writer.WriteLineAsync(fixture.Fleet.ToJson());
        }

        var endpoints = await RelayFleet.ReadEndpointsAsync(parent).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(fixture.Fleet.Endpoints.Select(e => (e.Url, e.Behaviour, e.LatencyMs, e.Expected.Status, e.Expected.Failure)),
            endpoints.Select(e => (e.Url, e.Behaviour, e.LatencyMs, e.Expected.Status, e.Expected.Failure)));
    }

    private static async Task<(FleetEndpoint Endpoint, RelayCheckResult Result)[]> CheckAllAsync(IReadOnlyList<FleetEndpoint> endpoints)
    {
        using var checker = new RelayChecker(NostrKeys.Generate(), Options);
        using var slots = new SemaphoreSlim(24);
        return await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            await slots.WaitAsync();
            try
            {
                return (endpoint, await checker.CheckAsync(RelayUrl.Parse(endpoint.Url), CancellationToken.None));
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static string? Mismatch(FleetEndpoint endpoint, RelayCheckResult result)
    {
        var expected = endpoint.Expected;
        var actualTags = RTags(result);
        var tagsDiffer = expected.RTags is { } tags && !tags.SequenceEqual(actualTags);
        return result.Status == expected.Status && result.Failure?.Check == expected.FailedCheck && result.Failure?.Class == expected.Failure && !tagsDiffer
            ? null
            : $"{endpoint.Behaviour} {endpoint.Url}: expected {expected.Status} {expected.FailedCheck}/{expected.Failure} R[{string.Join(' ', expected.RTags ?? [])}], " +
              $"got {result.Status} {result.Failure?.Check}/{result.Failure?.Class} R[{string.Join(' ', actualTags)}] ({result.Failure?.Message})";
    }

    private static string[] RTags(RelayCheckResult result) =>
        [.. DiscoveryEventFactory.Build(result, createdAt: 0).Requirements.Select(r => r.ToString())];

    private static CheckOutcome Outcome(RelayCheckResult result, CheckType check) => result.Checks.Single(c => c.Check == check);
}
