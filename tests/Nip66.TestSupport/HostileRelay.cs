using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nip66.Nostr;

namespace Nip66.TestSupport;

/// <summary>
/// Fault injection only: misbehaviour a real relay cannot be made to show. The path picks the behaviour, for the
/// WebSocket and the NIP-11 request alike; everything else is answered like a minimal well-behaved relay.
/// </summary>
public sealed partial class HostileRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly NostrKeys keys = NostrKeys.Generate();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<string>> wireLogs = new();

    private HostileRelay(WebApplication app, IReadOnlyList<string> baseUrls)
    {
        this.app = app;
        BaseUrls = baseUrls;
    }

    /// <summary>
    /// Answers each REQ with a frame that is no JSON, an EVENT whose event is malformed (a number in a tag), one
    /// genuine kind 10002 signed a minute ago, a NOTICE with a NUL, then EOSE.
    /// </summary>
    public const string GarbageBetweenEvents = "garbage-between-events";

    /// <summary>ws://127.0.0.1:PORT</summary>
    public string BaseUrl => BaseUrls[0];

    /// <summary>One ws://ADDRESS:PORT per listening address, in the order asked for.</summary>
    public IReadOnlyList<string> BaseUrls { get; }

    public string Url(string behaviour) => $"{BaseUrl}/{behaviour}";

    /// <summary>
    /// What the relay saw on the wire for one path, in order: "in TYPE" as a client message arrived, "answered TYPE"
    /// once its answers were sent (a CLOSE is answered with nothing).
    /// </summary>
    public IReadOnlyList<string> WireLog(string behaviour) => wireLogs.TryGetValue(behaviour, out var log) ? [.. log] : [];

    /// <summary>
    /// Listens on each given loopback address (default 127.0.0.1). Behaviours by path: hang*, endless-frame,
    /// invalid-json, wrong-ok, bad-signature, <see cref="GarbageBetweenEvents"/>, huge-nip11, slow* (answers after 700 ms), latency-MS-* (after MS ms),
    /// the hostile text of <see cref="HostileReasons"/> and <see cref="HostileNip11s"/>, <see cref="TerminalEscapes"/>;
    /// refuse-N-PREFIX (see <see cref="EventsReceived"/>);
    /// <c>fleet/...</c> paths (see <see cref="FleetPath"/>) give every behaviour of a <see cref="RelayFleet"/>;
    /// anything else answers at once like a minimal relay.
    /// </summary>
    public static async Task<HostileRelay> StartAsync(params string[] addresses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. (addresses.Length == 0 ? ["127.0.0.1"] : addresses).Select(a => $"http://{a}:0")]);
        var app = builder.Build();
        app.UseWebSockets();
        HostileRelay? relay = null;
        app.Run(context => relay!.HandleAsync(context));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        relay = new HostileRelay(app, [.. bound.Select(a => a.Replace("http://", "ws://", StringComparison.Ordinal))]);
        return relay;
    }

    public ValueTask DisposeAsync() => TestServers.StopAsync(app);

    private async Task HandleAsync(HttpContext context)
    {
        var behaviour = context.Request.Path.Value!.Trim('/');
        var aborted = context.RequestAborted;
        if (FleetPath.TryParse(behaviour, out var fleetEndpoint))
        {
            await HandleFleetAsync(context, fleetEndpoint);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await ServeNip11Async(context, behaviour, aborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            switch (behaviour)
            {
                case var hang when hang.StartsWith("hang", StringComparison.Ordinal):
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case "auth-only":
                    // A NIP-42 challenge, then silence: no answer to anything before authentication, and no OK to it.
                    await SendAsync(socket, "[\"AUTH\",\"hostile-challenge\"]", aborted);
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case "endless-frame":
                    var chunk = Encoding.UTF8.GetBytes("[\"NOTICE\",\"" + new string('x', 64 * 1024));
                    while (!aborted.IsCancellationRequested)
                    {
                        await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, aborted);
                    }

                    break;
                case "invalid-json":
                    await ReceiveAsync(socket, aborted);
                    await SendAsync(socket, "[\"EOSE\", this is not json", aborted);
                    await Task.Delay(Timeout.Infinite, aborted);
                    break;
                case var slow when slow.StartsWith("slow", StringComparison.Ordinal) || slow.StartsWith("latency-", StringComparison.Ordinal):
                    // A working relay that takes its time before each answer.
                    await ServeAsync(socket, behaviour, aborted);
                    break;
                default:
                    await ServeAsync(socket, behaviour, aborted);
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or Microsoft.AspNetCore.Connections.ConnectionAbortedException or IOException)
        {
            // The monitor gave up or closed: the point of these behaviours.
        }
    }

    /// <summary>
    /// Reads each message as it arrives (logged then) and answers them one at a time, in order, as most relays do: a
    /// message sent while another is being answered waits, and the wire log shows that it arrived early.
    /// </summary>
    private async Task ServeAsync(WebSocket socket, string behaviour, CancellationToken aborted)
    {
        var log = wireLogs.GetOrAdd(behaviour, _ => new());
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<System.Text.Json.JsonElement>();
        var answering = AnswerInOrderAsync(socket, behaviour, inbox.Reader, log, aborted);
        try
        {
            while (await ReceiveAsync(socket, aborted) is { } text)
            {
                var message = System.Text.Json.JsonDocument.Parse(text).RootElement;
                log.Enqueue($"in {message[0].GetString()}");
                await inbox.Writer.WriteAsync(message, aborted);
            }
        }
        finally
        {
            inbox.Writer.TryComplete();

            // The monitor closing mid-answer ends the answering with an exception nobody needs.
            await answering.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private async Task AnswerInOrderAsync(WebSocket socket, string behaviour, System.Threading.Channels.ChannelReader<System.Text.Json.JsonElement> inbox,
        System.Collections.Concurrent.ConcurrentQueue<string> log, CancellationToken aborted)
    {
        await foreach (var message in inbox.ReadAllAsync(aborted))
        {
            var type = message[0].GetString();
            var key = message[1].ValueKind == System.Text.Json.JsonValueKind.String ? message[1].GetString()! : message[1].GetProperty("id").GetString()!;
            if (Latency(behaviour) is { } latency)
            {
                await Task.Delay(latency, aborted);
            }

            switch (type, behaviour)
            {
                case ("EVENT", TerminalEscapes):
                    await SendAsync(socket, $"[\"OK\",\"{key}\",false,{TerminalEscapesWriteReason}]", aborted);
                    break;
                case ("REQ", TerminalEscapes):
                    await SendAsync(socket, $"[\"CLOSED\",\"{key}\",{TerminalEscapesReadReason}]", aborted);
                    break;
                case ("REQ", "closed-auth-only"):
                    // Reads refused for want of authentication, with no challenge to answer; writes never answered.
                    await SendAsync(socket, $"[\"CLOSED\",\"{key}\",\"auth-required: sign in first\"]", aborted);
                    break;
                case ("EVENT", "closed-auth-only"):
                    break;
                case ("EVENT", _) when OkReasons.TryGetValue(behaviour, out var reason):
                    await SendAsync(socket, $"[\"OK\",\"{key}\",false,{reason}]", aborted);
                    break;
                case ("EVENT", "wrong-ok"):
                    await SendAsync(socket, $"[\"OK\",\"{RandomNumberGenerator.GetHexString(64, true)}\",true,\"\"]", aborted);
                    break;
                case ("EVENT", _) when IsRefusing(behaviour):
                    await SendAsync(socket, RefusalAnswer(behaviour, key), aborted);
                    break;
                case ("EVENT", _):
                    await SendAsync(socket, $"[\"OK\",\"{key}\",true,\"\"]", aborted);
                    break;
                case ("REQ", "bad-signature"):
                    var forged = new UnsignedEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, [], "forged").Sign(keys) with { Content = "tampered" };
                    await SendAsync(socket, $"[\"EVENT\",\"{key}\",{forged.ToJson()}]", aborted);
                    await SendAsync(socket, $"[\"EOSE\",\"{key}\"]", aborted);
                    break;
                case ("REQ", GarbageBetweenEvents):
                    await SendAsync(socket, "not a message at all", aborted);
                    await SendAsync(socket, $"[\"EVENT\",\"{key}\",{{\"id\":\"{new string('0', 64)}\",\"kind\":10002,\"tags\":[[\"r\",5]]}}]", aborted);
                    var genuine = new UnsignedEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, 10002, [["r", "wss://between-the-garbage.example"]], string.Empty).Sign(keys);
                    await SendAsync(socket, $"[\"EVENT\",\"{key}\",{genuine.ToJson()}]", aborted);
                    await SendAsync(socket, "[\"NOTICE\",\"slow down\\u0000\"]", aborted);
                    await SendAsync(socket, $"[\"EOSE\",\"{key}\"]", aborted);
                    break;
                case ("REQ", _):
                    await SendAsync(socket, $"[\"EOSE\",\"{key}\"]", aborted);
                    break;
            }

            log.Enqueue($"answered {type}");
        }
    }

    private static int? Latency(string behaviour) =>
        behaviour.StartsWith("slow", StringComparison.Ordinal) ? 700
        : behaviour.StartsWith("latency-", StringComparison.Ordinal) && int.TryParse(behaviour.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms
        : null;

    private static async Task ServeNip11Async(HttpContext context, string behaviour, CancellationToken aborted)
    {
        context.Response.ContentType = "application/nostr+json";
        if (behaviour == "huge-nip11")
        {
            // 50 MB of valid-looking JSON, streamed without a Content-Length so only the reader's cap can stop it.
            var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
            await context.Response.Body.WriteAsync("{\"name\":\"huge\",\"description\":\""u8.ToArray(), aborted);
            for (var sent = 0; sent < 50 * 1024 * 1024; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, aborted);
            }

            await context.Response.Body.WriteAsync("\"}"u8.ToArray(), aborted);
            return;
        }

        if (behaviour.StartsWith("hang", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }

        if (behaviour == TerminalEscapes)
        {
            await context.Response.WriteAsync(TerminalEscapesNip11, aborted);
            return;
        }

        if (Nip11Bodies.TryGetValue(behaviour, out var body))
        {
            await context.Response.WriteAsync(body, aborted);
            return;
        }

        context.Response.StatusCode = (int)HttpStatusCode.OK;
        await context.Response.WriteAsync($"{{\"name\":\"hostile {behaviour}\",\"supported_nips\":[1,11]}}", aborted);
    }

    private static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken aborted) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, aborted);
}
