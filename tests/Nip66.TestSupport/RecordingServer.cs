using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nip66.TestSupport;

/// <summary>One HTTP request as the server saw it: the request line and the headers, names lower-cased.</summary>
public sealed record RecordedRequest(string RequestLine, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsWebSocketUpgrade => Headers.TryGetValue("upgrade", out var upgrade) && upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase);

    public string? UserAgent => Headers.GetValueOrDefault("user-agent");
}

/// <summary>
/// A TCP server on one loopback address that records each request head, holds the connection a moment so that
/// overlapping connections show, answers 503 and closes. It counts how many connections were open at once: what a
/// relay host feels when the monitor calls. Fault-injection grade, for politeness tests only.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private const int MaxHeadBytes = 16 * 1024;
    private readonly TcpListener listener;
    private readonly TimeSpan hold;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly List<RecordedRequest> requests = [];
    private readonly TaskCompletionSource firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task acceptLoop;
    private Task holdFirstUntil = Task.CompletedTask;
    private int open;
    private int connections;

    private RecordingServer(IPAddress address, TimeSpan hold)
    {
        this.hold = hold;
        listener = new TcpListener(address, 0);
        listener.Start();
        Address = address;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPAddress Address { get; }

    public int Port { get; }

    /// <summary>ws://ADDRESS:PORT</summary>
    public string BaseUrl => $"ws://{Address}:{Port}";

    /// <summary>The most connections that were open at the same time.</summary>
    public int PeakConcurrent { get; private set; }

    public int Connections => Volatile.Read(ref connections);

    /// <summary>True when the first connection was still open as the task of <see cref="HoldFirstUntil"/> completed.</summary>
    public bool FirstOverlappedTheOther { get; private set; }

    /// <summary>Completes when the first connection arrives.</summary>
    public Task FirstConnection => firstConnection.Task;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return [.. requests];
            }
        }
    }

    public static RecordingServer Start(IPAddress address, TimeSpan hold) => new(address, hold);

    /// <summary>The first connection is held (before its answer) until <paramref name="other"/> completes too.</summary>
    public void HoldFirstUntil(Task other) => holdFirstUntil = other;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var first = Interlocked.Increment(ref connections) == 1;
        lock (gate)
        {
            PeakConcurrent = Math.Max(PeakConcurrent, ++open);
        }

        var counted = true;

        firstConnection.TrySetResult();
        try
        {
            using (socket)
            await using (var stream = new NetworkStream(socket, ownsSocket: false))
            {
                var head = await ReadHeadAsync(stream);
                if (head is not null)
                {
                    lock (gate)
                    {
                        requests.Add(head);
                    }
                }

                await Task.Delay(hold, stopping.Token);
                if (first)
                {
                    // Bounded so that a broken test fails on its assertions rather than hanging here.
                    try
                    {
                        await holdFirstUntil.WaitAsync(TimeSpan.FromSeconds(30), stopping.Token);
                        FirstOverlappedTheOther = true;
                    }
                    catch (TimeoutException)
                    {
                    }
                }

                // Closed in the count before the answer: a client waiting for it cannot have opened the next
                // connection yet, so a peak above one is a real overlap, not this server's bookkeeping lagging.
                Leave(ref counted);
                await stream.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client gave up first: still a connection that was counted.
        }
        finally
        {
            Leave(ref counted);
        }
    }

    private void Leave(ref bool counted)
    {
        if (counted)
        {
            counted = false;
            lock (gate)
            {
                open--;
            }
        }
    }

    private async Task<RecordedRequest?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), stopping.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lines = text[..end].Split("\r\n");
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                    }
                }

                return new RecordedRequest(lines[0], headers);
            }
        }

        return null;
    }
}
