using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Nip66.TestSupport;

namespace Nip66.Checker.Tests;

/// <summary>
/// The two ways a fleet endpoint answers a REQ and an EVENT sent at once: in order, one latency apart, or each on
/// its own clock. The harness's RTT error figures rest on this difference.
/// </summary>
public sealed class FleetAnswerOrderTests
{
    private const int LatencyMs = 1000;

    [Fact]
    public async Task In_order_endpoint_answers_a_req_and_an_event_sent_at_once_one_latency_apart_in_order()
    {
        var answers = await SendReqAndEventAtOnceAsync(FleetBehaviour.InOrder);

        Assert.Equal(["EOSE", "OK"], answers.Select(a => a.Type));
        // Lower bounds only: a loaded machine can make answers late, never early.
        Assert.True(answers[0].AfterMs >= LatencyMs - 1, $"EOSE after {answers[0].AfterMs} ms");
        Assert.True(answers[1].AfterMs >= (2 * LatencyMs) - 1, $"OK after {answers[1].AfterMs} ms: not queued behind the REQ");
    }

    [Fact]
    public async Task Healthy_endpoint_answers_a_req_and_an_event_sent_at_once_both_after_one_latency()
    {
        var answers = await SendReqAndEventAtOnceAsync(FleetBehaviour.Healthy);

        Assert.Equal(["EOSE", "OK"], answers.Select(a => a.Type).Order());
        Assert.All(answers, a => Assert.True(a.AfterMs >= LatencyMs - 1, $"{a.Type} after {a.AfterMs} ms"));
        // A whole latency of slack: the OK would come a latency after the EOSE if it waited behind it.
        Assert.True(answers.Max(a => a.AfterMs) < 2 * LatencyMs, $"answers after {string.Join(", ", answers)}: one waited behind the other");
    }

    private static async Task<(string Type, long AfterMs)[]> SendReqAndEventAtOnceAsync(FleetBehaviour behaviour)
    {
        await using var fleet = await RelayFleet.StartAsync(new FleetComposition
        {
            Mix = new Dictionary<FleetBehaviour, int> { [behaviour] = 1 },
            Addresses = 1,
            MinLatencyMs = LatencyMs,
            MaxLatencyMs = LatencyMs,
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(fleet.Endpoints[0].Url), timeout.Token);
        var id = new string('a', 64);
        var watch = Stopwatch.StartNew();
        await SendAsync(socket, """["REQ","order",{"limit":1}]""", timeout.Token);
        await SendAsync(socket, $$"""["EVENT",{"id":"{{id}}"}]""", timeout.Token);
        var answers = new (string Type, long AfterMs)[2];
        for (var i = 0; i < answers.Length; i++)
        {
            var buffer = new byte[4096];
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
            answers[i] = (text.StartsWith("[\"EOSE\"", StringComparison.Ordinal) ? "EOSE" : text.StartsWith("[\"OK\"", StringComparison.Ordinal) ? "OK" : text, watch.ElapsedMilliseconds);
        }

        return answers;
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellation) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellation);
}
