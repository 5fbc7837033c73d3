using System.Net;
using System.Net.Sockets;

namespace Nip66.TestSupport;

/// <summary>
/// A port that is taken but refuses every connection: bound without listening, so that no other process can start
/// listening on it while this lives. A port found free and given back is not closed for long: a relay started after
/// it, or another test, may be given the same number.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort(string address = "127.0.0.1")
    {
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        EndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>A relay URL on the port: <c>ws://address:port</c>.</summary>
    public string Url => $"ws://{EndPoint}";

    public void Dispose() => socket.Dispose();
}
