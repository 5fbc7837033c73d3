using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// The floor a check's CPU is compared with: the same probes as the monitor's check against the same fleet (WebSocket
/// open, a REQ until EOSE or an EVENT, a signed write probe until OK, CLOSE, and a NIP-11 GET), in a plain loop over
/// <see cref="ClientWebSocket"/> and <see cref="HttpClient"/>: no bus, no database, no result kept beyond a count.
/// </summary>
internal static class FloorChecker
{
    /// <summary>Checks every endpoint once, <paramref name="concurrency"/> at a time; returns how many spoke Nostr.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<FleetEndpoint> endpoints, int concurrency, TimeSpan timeout, CancellationToken stop)
    {
        var keys = NostrKeys.Generate();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, MaxConnectionsPerServer = int.MaxValue }) { Timeout = timeout };
        var spoke = 0;
        await Parallel.ForEachAsync(endpoints, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop }, async (endpoint, cancellationToken) =>
        {
            var url = RelayUrl.Parse(endpoint.Url);
            var nip11 = Nip11Async(http, url, cancellationToken);
            if (await ProbeAsync(url, keys, timeout, cancellationToken))
            {
                Interlocked.Increment(ref spoke);
            }

            await nip11;
        });
        return spoke;
    }

    static async Task<bool> ProbeAsync(RelayUrl url, NostrKeys keys, TimeSpan timeout, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(timeout * 3);
        using var socket = new ClientWebSocket();
        var buffer = new byte[64 * 1024];
        try
        {
            await socket.ConnectAsync(url.Uri, deadline.Token);
            await socket.SendAsync(ClientMessages.Req("floor", new Filter { Kinds = [1], Limit = 1 }), WebSocketMessageType.Text, true, deadline.Token);
            await ReceiveUntilAsync(socket, buffer, text => text.StartsWith("[\"EOSE\"", StringComparison.Ordinal) || text.StartsWith("[\"EVENT\"", StringComparison.Ordinal), deadline.Token);
            var probe = new WriteProbeEvent(TimeSpan.FromMinutes(10)).ToEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Sign(keys);
            await socket.SendAsync(ClientMessages.Event(probe), WebSocketMessageType.Text, true, deadline.Token);
            await ReceiveUntilAsync(socket, buffer, text => text.StartsWith("[\"OK\"", StringComparison.Ordinal), deadline.Token);
            await socket.SendAsync(ClientMessages.Close("floor"), WebSocketMessageType.Text, true, deadline.Token);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            return false;
        }
    }

    static async Task ReceiveUntilAsync(ClientWebSocket socket, byte[] buffer, Func<string, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && length < buffer.Length);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by the relay");
            }

            if (done(Encoding.UTF8.GetString(buffer, 0, length)))
            {
                return;
            }
        }
    }

    static async Task Nip11Async(HttpClient http, RelayUrl url, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.HttpUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/nostr+json"));
        try
        {
            using var response = await http.SendAsync(request, stop);
            await response.Content.ReadAsByteArrayAsync(stop);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // A hanging or closed endpoint: the monitor's check fails it too.
        }
    }

    /// <summary>Runs the floor over the fleet and prints its figures; returns its CPU seconds per 1,000 checks.</summary>
    public static async Task<double> MeasureAsync(LoadFleet fleet, Options options, CancellationToken stop)
    {
        var before = ProcStat.Read(Environment.ProcessId)!.Value;
        var watch = Stopwatch.StartNew();
        var spoke = await RunAsync(fleet.Endpoints, options.Concurrency, TimeSpan.FromMilliseconds(options.TimeoutMs), stop);
        watch.Stop();
        var after = ProcStat.Read(Environment.ProcessId)!.Value;
        var cpu = after.CpuSeconds - before.CpuSeconds;
        var perThousand = cpu * 1000 / Math.Max(1, fleet.Endpoints.Count);
        Console.WriteLine(FormattableString.Invariant($"""
            floor                {fleet.Endpoints.Count} checks ({spoke} spoke Nostr) in {watch.Elapsed.TotalSeconds:0.0} s, concurrency {options.Concurrency}
            floor CPU per 1000   {perThousand:0.00} s ({cpu:0.0} s in all: raw ClientWebSocket and HttpClient, same probes); peak RSS {after.PeakRssMiB} MiB
            """));

        // An embedded monitor runs next in this process: its peak RSS must not be the floor's.
        ProcStat.ResetOwnPeak();
        return perThousand;
    }
}
