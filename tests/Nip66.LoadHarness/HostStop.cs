using Microsoft.Extensions.Hosting;

namespace Nip66.LoadHarness;

/// <summary>
/// Stops a host the harness started (not ran) when the run leaves its scope, by an exception or a signal's stop too:
/// nothing else stops it, and only a stop gives its consumers their bounded grace before the host is disposed.
/// </summary>
internal sealed class HostStop(IHost host) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await host.StopAsync(CancellationToken.None);
}
