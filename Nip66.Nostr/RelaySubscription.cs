using System.Threading.Channels;

namespace Nip66.Nostr;

/// <summary>
/// One open <c>REQ</c> on a <see cref="RelayConnection"/> (<see cref="RelayConnection.SubscribeAsync"/>): its
/// <c>EVENT</c>, <c>EOSE</c> and <c>CLOSED</c> messages, and the relay's <c>NOTICE</c>s, in the order they arrived.
/// </summary>
public sealed class RelaySubscription : IAsyncDisposable
{
    private readonly RelayConnection connection;
    private readonly Channel<RelayMessage> messages;
    private readonly CancellationTokenSource open;
    private volatile Exception? fault;
    private int disposed;

    internal RelaySubscription(RelayConnection connection, string id, int capacity, CancellationToken connectionLifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.connection = connection;
        Id = id;
        messages = Channel.CreateBounded<RelayMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        open = CancellationTokenSource.CreateLinkedTokenSource(connectionLifetime);
    }

    public string Id { get; }

    /// <summary>The next message; throws <see cref="RelayProtocolException"/> once the connection has failed.</summary>
    public async ValueTask<RelayMessage> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (messages.Reader.TryRead(out var message))
            {
                return message;
            }

            if (!await messages.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw fault ?? new RelayProtocolException("connection closed by the monitor");
            }
        }
    }

    /// <summary>Takes the subscription off the connection and, unless the relay closed it or the connection is gone, sends <c>CLOSE</c>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        var wasOpen = connection.Unregister(this);
        await open.CancelAsync().ConfigureAwait(false);
        messages.Writer.TryComplete();
        if (wasOpen && !connection.IsFaulted)
        {
            using var timeout = new CancellationTokenSource(connection.CloseTimeout);
            try
            {
                await connection.SendAsync(ClientMessages.Close(Id), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RelayProtocolException or OperationCanceledException)
            {
                // The relay is gone or stalled; the connection's own end closes the subscription with it.
            }
        }

        open.Dispose();
    }

    /// <summary>For a subscription that never reached the relay (its registration failed).</summary>
    internal void Abandon()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            connection.Unregister(this);
            open.Cancel();
            messages.Writer.TryComplete();
            open.Dispose();
        }
    }

    /// <summary>Called by the connection's reader: waits while the subscription's reader lags, gives up once it is disposed.</summary>
    internal async ValueTask DeliverAsync(RelayMessage message)
    {
        try
        {
            await messages.Writer.WriteAsync(message, open.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // Nobody reads this subscription any more.
        }
    }

    /// <summary>A <c>NOTICE</c> is no answer to wait for: dropped when the subscription's buffer is full.</summary>
    internal void Notify(RelayMessage notice) => messages.Writer.TryWrite(notice);

    internal void Fail(Exception e)
    {
        fault = e;
        messages.Writer.TryComplete();
    }
}
