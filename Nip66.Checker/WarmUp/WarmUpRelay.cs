using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nip66.Checker.WarmUp;

/// <summary>
/// The smallest relay that lets a check run every path a real one runs, on 127.0.0.1 only, for the warm-up: a NIP-11
/// document on GET, a WebSocket that answers REQ with EOSE and EVENT with OK, and a TLS handshake (self-signed, so the
/// client refuses it after the handshake's work is done). It trusts its one client, the monitor itself.
/// </summary>
internal sealed class WarmUpRelay : IAsyncDisposable
{
    private const byte TlsHandshakeRecord = 0x16;
    private const int MaxRequestHeadBytes = 8 * 1024;
    private static readonly byte[] Nip11Document = """{"name":"nip66 warm-up","supported_nips":[1,11]}"""u8.ToArray();
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly X509Certificate2 certificate = SelfSigned();
    private readonly Task accepting;

    public WarmUpRelay()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
                connections.Add(ServeAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                var first = new byte[1];
                if (await client.Client.ReceiveAsync(first, SocketFlags.Peek, stopping.Token).ConfigureAwait(false) == 1 && first[0] == TlsHandshakeRecord)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stopping.Token).ConfigureAwait(false);
                    stream = tls;
                }

                await using (stream.ConfigureAwait(false))
                {
                    var head = await ReadRequestHeadAsync(stream).ConfigureAwait(false);
                    if (WebSocketKey(head) is { } key)
                    {
                        await ServeWebSocketAsync(stream, key).ConfigureAwait(false);
                    }
                    else
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(
                            $"HTTP/1.1 200 OK\r\nContent-Type: application/nostr+json\r\nContent-Length: {Nip11Document.Length}\r\nConnection: close\r\n\r\n"), stopping.Token).ConfigureAwait(false);
                        await stream.WriteAsync(Nip11Document, stopping.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or WebSocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The client hung up (the TLS warm-up always does, refusing the certificate) or the warm-up ended.
            }
        }
    }

    private async Task<string> ReadRequestHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (head.Length < MaxRequestHeadBytes && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, stopping.Token).ConfigureAwait(false) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    private static string? WebSocketKey(string head) => head.Split("\r\n")
        .Where(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))
        .Select(line => line["Sec-WebSocket-Key:".Length..].Trim())
        .FirstOrDefault();

    private async Task ServeWebSocketAsync(Stream stream, string key)
    {
#pragma warning disable CA5350 // RFC 6455 fixes SHA-1 for the handshake's accept value; it protects nothing here.
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), stopping.Token).ConfigureAwait(false);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, stopping.Token).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close || !received.EndOfMessage)
            {
                return;
            }

            if (Answer(buffer.AsSpan(0, received.Count)) is { } answer)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, stopping.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>EOSE for a REQ, OK for an EVENT; the monitor's own messages, so a plain JSON read is enough.</summary>
    private static string? Answer(ReadOnlySpan<byte> message)
    {
        using var json = System.Text.Json.JsonDocument.Parse(message.ToArray());
        var array = json.RootElement;
        return array[0].GetString() switch
        {
            "REQ" => $"[\"EOSE\",\"{array[1].GetString()}\"]",
            "EVENT" => $"[\"OK\",\"{array[1].GetProperty("id").GetString()}\",true,\"\"]",
            _ => null,
        };
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nip66-warm-up", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        await accepting.ConfigureAwait(false);
        stopping.Dispose();
        certificate.Dispose();
    }
}
