using System.Net;
using System.Net.Sockets;

namespace Nip66.TestSupport;

/// <summary>
/// A relay address that can be down and come back without its port ever being free: while shut, every connection is
/// reset at once (as a stopped relay's port refuses it); once opened, connections are forwarded to a real relay.
/// Stopping a relay and starting it again on its old port instead lets any other process on the machine take that
/// port in between (tests beside it start relays on free ports all the time), and the "down" relay then hangs.
/// </summary>
public sealed class RelayDoor : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int targetPort;

    public RelayDoor()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Url => $"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>From now on, connections reach the relay at <paramref name="relayUrl"/>.</summary>
    public void OpenTo(string relayUrl) => Volatile.Write(ref targetPort, new Uri(relayUrl).Port);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync(stopping.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var port = Volatile.Read(ref targetPort);
            if (port == 0)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }

            try
            {
                using var relay = new TcpClient();
                await relay.ConnectAsync(IPAddress.Loopback, port, stopping.Token);
                var inbound = client.GetStream();
                var outbound = relay.GetStream();
                await Task.WhenAny(inbound.CopyToAsync(outbound, stopping.Token), outbound.CopyToAsync(inbound, stopping.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // Either side hung up, or the door closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
