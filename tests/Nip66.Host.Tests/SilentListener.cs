using System.Net;
using System.Net.Sockets;

namespace Nip66.Host.Tests;

/// <summary>
/// A relay address that accepts TCP connections and never answers: a check of it waits for its timeouts. Counts the
/// connections, so a test knows when a checker is in the middle of such a check.
/// </summary>
internal sealed class SilentListener : IDisposable
{
    private readonly TcpListener listener;
    private readonly List<Socket> held = [];
    private readonly CancellationTokenSource stop = new();

    public SilentListener(string address)
    {
        listener = new TcpListener(IPAddress.Parse(address), 0);
        listener.Start();
        Url = $"ws://{address}:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        _ = AcceptAsync();
    }

    public string Url { get; }

    public int Accepted
    {
        get
        {
            lock (held)
            {
                return held.Count;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held)
        {
            held.ForEach(socket => socket.Dispose());
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop.Token);
                lock (held)
                {
                    held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }
}
