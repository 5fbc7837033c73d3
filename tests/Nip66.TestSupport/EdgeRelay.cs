using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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
/// Fault injection for the connect path: TLS, redirects, the SSRF guard and the per-address cap. A minimal relay that
/// counts every TCP connection it accepts (and the peak open at once) and every HTTP request, so a test can prove
/// that the monitor never connected. Behaviours by path: redirect-away (302 to <see cref="RedirectTarget"/>, for the
/// upgrade and NIP-11 alike), redirect-same (302 to /plain on this server), foreign-sub (answers a REQ with EVENT, EOSE
/// and CLOSED for another subscription id), huge-frame (one complete 2 MiB message), endless-nip11 (a NIP-11 body that
/// trickles forever), slow-open (waits 300 ms before the upgrade); anything else is a well-behaved relay.
/// </summary>
public sealed class EdgeRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private int open;
    private int peak;
    private int slowOpens;
    private int peakSlowOpens;
    private int connections;
    private int requests;

    private EdgeRelay(WebApplication app) => this.app = app;

    /// <summary>ws://127.0.0.1:PORT or wss://127.0.0.1:PORT</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public int Port { get; private set; }

    /// <summary>Absolute URL that redirect-away points to.</summary>
    public string? RedirectTarget { get; set; }

    public int Connections => Volatile.Read(ref connections);

    public int PeakConnections => Volatile.Read(ref peak);

    public int Requests => Volatile.Read(ref requests);

    /// <summary>
    /// Most slow-open upgrades waiting at once. Exact for cap tests: a client holds its connection for the whole wait,
    /// whereas TCP-level counts lag behind a client that has already closed and let the next one in.
    /// </summary>
    public int PeakSlowOpens => Volatile.Read(ref peakSlowOpens);

    public string Url(string behaviour) => $"{BaseUrl}/{behaviour}";

    public static async Task<EdgeRelay> StartAsync(X509Certificate2? certificate = null, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        EdgeRelay? relay = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(address), 0, listen =>
        {
            listen.Use(next => async connection =>
            {
                relay!.Opened();
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref relay.open);
                }
            });
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        relay = new EdgeRelay(app);
        app.UseWebSockets();
        app.Run(relay.HandleAsync);
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        relay.Port = bound.Port;
        relay.BaseUrl = $"{(certificate is null ? "ws" : "wss")}://{address}:{bound.Port}";
        return relay;
    }

    /// <summary>A certificate for 127.0.0.1 and <paramref name="dnsName"/>, valid in the given window, signed by itself.</summary>
    public static X509Certificate2 Certificate(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter, bool includeLoopback = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (includeLoopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(notBefore, notAfter);

        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    public ValueTask DisposeAsync() => TestServers.StopAsync(app);

    private void Opened()
    {
        Interlocked.Increment(ref connections);
        Peak.Raise(ref peak, Interlocked.Increment(ref open));
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        var behaviour = context.Request.Path.Value!.Trim('/');
        var aborted = context.RequestAborted;
        try
        {
            if (behaviour == "redirect-away" || (behaviour == "redirect-same" && !context.WebSockets.IsWebSocketRequest))
            {
                context.Response.StatusCode = (int)HttpStatusCode.Found;
                context.Response.Headers.Location = behaviour == "redirect-away" ? RedirectTarget : "/plain";
                return;
            }

            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ServeNip11Async(context, behaviour, aborted);
                return;
            }

            if (behaviour.StartsWith("slow-open", StringComparison.Ordinal))
            {
                Peak.Raise(ref peakSlowOpens, Interlocked.Increment(ref slowOpens));
                try
                {
                    await Task.Delay(300, aborted);
                }
                finally
                {
                    Interlocked.Decrement(ref slowOpens);
                }
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await ServeAsync(socket, behaviour, aborted);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or Microsoft.AspNetCore.Connections.ConnectionAbortedException or IOException)
        {
            // The monitor gave up or closed: the point of these behaviours.
        }
    }

    private static async Task ServeNip11Async(HttpContext context, string behaviour, CancellationToken aborted)
    {
        context.Response.ContentType = "application/nostr+json";
        if (behaviour == "endless-nip11")
        {
            await context.Response.Body.WriteAsync("{\"name\":\"endless\",\"description\":\""u8.ToArray(), aborted);
            var chunk = Encoding.UTF8.GetBytes(new string('a', 1024));
            while (true)
            {
                await context.Response.Body.WriteAsync(chunk, aborted);
                await context.Response.Body.FlushAsync(aborted);
                await Task.Delay(20, aborted);
            }
        }

        await context.Response.WriteAsync($"{{\"name\":\"edge {behaviour}\",\"supported_nips\":[1,11]}}", aborted);
    }

    private static string ForeignEvent() =>
        new UnsignedEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, [], "for another subscription").Sign(NostrKeys.Generate()).ToJson();

    private static async Task ServeAsync(WebSocket socket, string behaviour, CancellationToken aborted)
    {
        if (behaviour == "huge-frame")
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("[\"NOTICE\",\"" + new string('x', 2 << 20) + "\"]"), WebSocketMessageType.Text, true, aborted);
            await Task.Delay(Timeout.Infinite, aborted);
        }

        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, aborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var message = System.Text.Json.JsonDocument.Parse(buffer.AsMemory(0, received.Count)).RootElement;
            var key = message[1].ValueKind == System.Text.Json.JsonValueKind.String ? message[1].GetString()! : message[1].GetProperty("id").GetString()!;
            var answers = (message[0].GetString(), behaviour) switch
            {
                ("EVENT", _) => [$"[\"OK\",\"{key}\",true,\"\"]"],
                ("REQ", "foreign-sub") => [$"[\"EVENT\",\"someone-else\",{ForeignEvent()}]", "[\"EOSE\",\"someone-else\"]", "[\"CLOSED\",\"someone-else\",\"\"]"],
                ("REQ", _) => [$"[\"EOSE\",\"{key}\"]"],
                _ => Array.Empty<string>(),
            };
            foreach (var answer in answers)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, aborted);
            }
        }
    }
}
