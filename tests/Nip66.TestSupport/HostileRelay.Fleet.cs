using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nip66.Nostr;

namespace Nip66.TestSupport;

/// <summary>The behaviours of <see cref="FleetPath"/> endpoints; each composes with the endpoint's latency.</summary>
public sealed partial class HostileRelay
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static async Task HandleFleetAsync(HttpContext context, FleetPath endpoint)
    {
        var aborted = context.RequestAborted;
        var behaviour = endpoint.Behaviour;
        if (behaviour == FleetBehaviour.Hang)
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ServeFleetNip11Async(context, endpoint, aborted);
            return;
        }

        switch (behaviour)
        {
            case FleetBehaviour.UpgradeForbidden or FleetBehaviour.UpgradeRequired:
                context.Response.StatusCode = behaviour == FleetBehaviour.UpgradeForbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status426UpgradeRequired;
                await context.Response.WriteAsync("no WebSocket here\n", aborted);
                return;
            case FleetBehaviour.DropMidFrame:
                await DropMidFrameAsync(context, aborted);
                return;
            case FleetBehaviour.SlowOpen:
                await Task.Delay(endpoint.SlowMs, aborted);
                break;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var session = new FleetSession(socket, endpoint, RelayUrlOf(context), aborted);
        await session.RunAsync();
    }

    private static async Task ServeFleetNip11Async(HttpContext context, FleetPath endpoint, CancellationToken aborted)
    {
        await Task.Delay(endpoint.LatencyMs, aborted);
        if (endpoint.Behaviour == FleetBehaviour.Nip11Missing)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("not found\n", aborted);
            return;
        }

        context.Response.ContentType = "application/nostr+json";
        await context.Response.WriteAsync($"{{\"name\":\"fleet {endpoint.Behaviour.Name()} {endpoint.Index}\",\"supported_nips\":[1,11,42]}}", aborted);
    }

    /// <summary>
    /// Does the upgrade by hand, because a WebSocket object cannot send part of a frame: waits for the client's first
    /// bytes, announces a 1,000-byte text frame, sends 100 bytes of it and drops the connection.
    /// </summary>
    private static async Task DropMidFrameAsync(HttpContext context, CancellationToken aborted)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the accept key; it protects nothing.
        context.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
#pragma warning restore CA5350
        var stream = await upgrade.UpgradeAsync();
        await stream.ReadAtLeastAsync(new byte[64], 1, throwOnEndOfStream: false, aborted);
        var header = new byte[] { 0x81, 126, 1000 >> 8, 1000 & 0xFF };
        var partial = Encoding.ASCII.GetBytes("[\"EOSE\",\"" + new string('x', 90));
        await stream.WriteAsync(header, aborted);
        await stream.WriteAsync(partial, aborted);
        await stream.FlushAsync(aborted);
        context.Abort();
    }

    private static string RelayUrlOf(HttpContext context) =>
        RelayUrl.Parse($"ws://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}").Value;

    /// <summary>
    /// One WebSocket conversation of a fleet endpoint. A <see cref="FleetBehaviour.Healthy"/> endpoint answers each
    /// message on its own clock; every other behaviour answers in order, one message at a time (NIP-42 needs the AUTH
    /// answered before the writes that follow it).
    /// </summary>
    private sealed class FleetSession(WebSocket socket, FleetPath endpoint, string relayUrl, CancellationToken aborted) : IDisposable
    {
        private readonly string challenge = RandomNumberGenerator.GetHexString(32, lowercase: true);

        // A WebSocket takes one send at a time; Healthy answers may be due at once.
        private readonly SemaphoreSlim sending = new(1, 1);
        private bool authenticated;

        public async Task RunAsync()
        {
            var answering = new List<Task>();
            try
            {
                if (endpoint.Behaviour == FleetBehaviour.AuthRequired)
                {
                    await SendAsync(socket, JsonSerializer.Serialize(new[] { "AUTH", challenge }), aborted);
                }

                while (await ReceiveAsync(socket, aborted) is { } text)
                {
                    using var message = JsonDocument.Parse(text);
                    var answer = AnswerAsync(message.RootElement.Clone());
                    if (endpoint.Behaviour == FleetBehaviour.Healthy)
                    {
                        answering.Add(answer);
                    }
                    else
                    {
                        await answer;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or Microsoft.AspNetCore.Connections.ConnectionAbortedException or IOException)
            {
                // The monitor gave up or closed the connection.
            }

            // Answers still due end with the connection (they fail as the loop did); the send lock outlives them.
            await Task.WhenAll(answering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        public void Dispose() => sending.Dispose();

        private async Task AnswerAsync(JsonElement message)
        {
            var arrived = Stopwatch.GetTimestamp();
            var type = message[0].GetString();
            if (endpoint.Behaviour == FleetBehaviour.HangAfterOpen || type is not ("EVENT" or "REQ" or "AUTH"))
            {
                return;
            }

            await DelayAtLeastAsync(arrived, endpoint.LatencyMs);
            var answer = type switch
            {
                "REQ" => await AnswerReqAsync(message[1].GetString()!),
                "EVENT" => AnswerEvent(message[1].GetProperty("id").GetString()!),
                _ => AnswerAuth(message[1]),
            };
            await sending.WaitAsync(aborted);
            try
            {
                await SendAsync(socket, JsonSerializer.Serialize(answer), aborted);
            }
            finally
            {
                sending.Release();
            }
        }

        /// <summary>
        /// Waits until at least <paramref name="ms"/> have passed since <paramref name="since"/> on the precise clock.
        /// Task.Delay counts on the coarse tick (4 ms on Linux) and can end a few milliseconds early, which would
        /// answer before the injected latency and let a monitor's figure fall below the truth.
        /// </summary>
        private async Task DelayAtLeastAsync(long since, int ms)
        {
            var due = TimeSpan.FromMilliseconds(ms);
            for (var left = due - Stopwatch.GetElapsedTime(since); left > TimeSpan.Zero; left = due - Stopwatch.GetElapsedTime(since))
            {
                await Task.Delay((int)Math.Ceiling(left.TotalMilliseconds), aborted);
            }
        }

        private async Task<object[]> AnswerReqAsync(string subscription)
        {
            switch (endpoint.Behaviour)
            {
                case FleetBehaviour.PaymentRequired:
                    return ["CLOSED", subscription, "payment-required: pay to read"];
                case FleetBehaviour.AuthRequired when !authenticated:
                    return ["CLOSED", subscription, "auth-required: authenticate first"];
                case FleetBehaviour.SlowRead:
                    await Task.Delay(endpoint.SlowMs, aborted);
                    break;
            }

            return ["EOSE", subscription];
        }

        private object[] AnswerEvent(string id) => endpoint.Behaviour switch
        {
            FleetBehaviour.PaymentRequired => ["OK", id, false, "payment-required: pay to write"],
            FleetBehaviour.AuthRequired when !authenticated => ["OK", id, false, "auth-required: authenticate first"],
            var b when b.RefusalPrefix() is { } prefix => ["OK", id, false, $"{prefix}: the fleet refuses this write"],
            _ => ["OK", id, true, string.Empty],
        };

        /// <summary>NIP-42: kind 22242, this connection's challenge, this relay's URL, recent, and validly signed.</summary>
        private object[] AnswerAuth(JsonElement json)
        {
            NostrEvent auth;
            try
            {
                auth = EventParser.Parse(json);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                return ["NOTICE", $"invalid: {e.Message}"];
            }

            var problem = AuthProblem(auth);
            authenticated |= problem is null && endpoint.Behaviour == FleetBehaviour.AuthRequired;
            return ["OK", auth.Id, problem is null, problem is null ? string.Empty : $"invalid: {problem}"];
        }

        private string? AuthProblem(NostrEvent auth)
        {
            AuthEvent answer;
            try
            {
                answer = AuthEvent.Parse(auth);
            }
            catch (FormatException e)
            {
                return e.Message;
            }

            return answer.Challenge != challenge ? "wrong challenge"
                : !RelayUrl.TryParse(answer.Relay, out var tagged, out _) || tagged.Value != relayUrl ? "wrong relay"
                : Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - auth.CreatedAt) > 600 ? "created_at too far from now"
                : !EventVerifier.IsValid(auth) ? "bad id or signature"
                : null;
        }
    }
}
