using System.Collections.Concurrent;
using MassTransit;

namespace Nip66.Publisher;

/// <summary>
/// Tells the delivery consumers when their receive endpoint starts to stop: MassTransit raises Stopping just before
/// it stops taking messages, and would otherwise wait for a consumer in a retry wait until its stop timeout. A
/// delivery handed back to its queue at that moment goes to the broker, not to this stopping consumer. An endpoint
/// that is ready again (restarted) gets a fresh token.
/// </summary>
public sealed class DeliveryEndpointStops : IReceiveEndpointObserver, IDisposable
{
    private readonly ConcurrentDictionary<Uri, CancellationTokenSource> stopping = new();

    /// <summary>Cancelled when the endpoint at <paramref name="inputAddress"/> starts to stop.</summary>
    public CancellationToken For(Uri inputAddress) => stopping.GetOrAdd(inputAddress, _ => new CancellationTokenSource()).Token;

    public Task Ready(ReceiveEndpointReady ready)
    {
        ArgumentNullException.ThrowIfNull(ready);
        if (stopping.TryGetValue(ready.InputAddress, out var stopped) && stopped.IsCancellationRequested)
        {
            stopping.TryUpdate(ready.InputAddress, new CancellationTokenSource(), stopped);
        }

        return Task.CompletedTask;
    }

    public async Task Stopping(ReceiveEndpointStopping stopping)
    {
        ArgumentNullException.ThrowIfNull(stopping);
        await this.stopping.GetOrAdd(stopping.InputAddress, _ => new CancellationTokenSource()).CancelAsync().ConfigureAwait(false);
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var source in stopping.Values)
        {
            source.Dispose();
        }
    }
}
