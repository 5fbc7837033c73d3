using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Nip66.Nostr;

/// <summary>
/// One WebSocket connection to a relay. A single reader task parses frames and hands each message to whoever waits
/// for it; every wait takes the caller's token, so no await here outlives the caller's deadline.
/// </summary>
public sealed class RelayConnection : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly HttpMessageInvoker invoker;
    private readonly RelayClientOptions options;
    private readonly SemaphoreSlim sendLock = new(1, 1);
    private readonly CancellationTokenSource lifetime = new();
    private readonly Lock waitersLock = new();
    private readonly List<Waiter> waiters = [];
    private readonly Dictionary<string, RelaySubscription> subscriptions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<string> authChallenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? readerFault;
    private Task? reader;
    private long malformedMessages;

    private RelayConnection(RelayUrl url, ClientWebSocket socket, HttpMessageInvoker invoker, RelayClientOptions options, ConnectionFacts facts, TimeSpan openTime)
    {
        Url = url;
        this.socket = socket;
        this.invoker = invoker;
        this.options = options;
        Facts = facts;
        OpenTime = openTime;
    }

    public RelayUrl Url { get; }

    public ConnectionFacts Facts { get; }

    /// <summary>
    /// From the start of the connect (DNS lookup included) to the relay's upgrade response, less any wait for a
    /// per-address connection slot.
    /// </summary>
    public TimeSpan OpenTime { get; }

    /// <summary>Frames skipped as no NIP-01 message (only with <see cref="RelayClientOptions.SkipMalformedMessages"/>).</summary>
    public long MalformedMessages => Interlocked.Read(ref malformedMessages);

    /// <summary>Completes with the NIP-42 challenge when the relay sends one.</summary>
    public Task<string> AuthChallenge => authChallenge.Task;

    public static Task<RelayConnection> ConnectAsync(RelayUrl url, RelayClientOptions options, CancellationToken cancellationToken) =>
        ConnectAsync(url, options, Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>
    /// Opens within <paramref name="openTimeout"/> (a <see cref="ConnectFailure.Timeout"/> past it); a wait for a
    /// per-address slot is outside that deadline and outside <see cref="OpenTime"/>.
    /// </summary>
    public static async Task<RelayConnection> ConnectAsync(RelayUrl url, RelayClientOptions options, TimeSpan openTimeout, CancellationToken cancellationToken)
    {
        var addresses = new List<IPAddress>();
        IPAddress? remote = null;
        TlsFacts? tls = null;
        var policy = options.Policy;
        var attempt = new ConnectAttempt();
        OpenClock? clock = null;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = async (context, ct) =>
            {
                var (stream, resolved, connected) = await GuardedSocketConnector.ConnectAsync(context.DnsEndPoint, policy, ConnectPurpose.WebSocket, clock, ct).ConfigureAwait(false);
                addresses.AddRange(resolved);
                remote = connected;
                return attempt.Adopt(stream);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    if (certificate is X509Certificate2 cert)
                    {
                        // The relay chose these names (a NUL in a common name is an old trick): safe before they are stored.
                        tls = new TlsFacts(SafeText.Clean(cert.Subject), SafeText.Clean(cert.Issuer), cert.NotBefore, cert.NotAfter,
                            errors == SslPolicyErrors.None, errors == SslPolicyErrors.None ? null : TlsReason.Describe(errors, chain));
                    }

                    return errors == SslPolicyErrors.None;
                },
            },
        };
        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("User-Agent", options.UserAgent);
        TimeSpan openTime;
        using (clock = new OpenClock(openTimeout, cancellationToken))
        {
            try
            {
                await socket.ConnectAsync(url.Uri, invoker, clock.Token).ConfigureAwait(false);
                openTime = clock.Elapsed;
            }
            catch (Exception e)
            {
                var status = (int)socket.HttpStatusCode;
                socket.Dispose();
                invoker.Dispose();
                attempt.Abandon();
                throw Classify(e, status, tls?.Errors, clock.Token);
            }
        }

        var connection = new RelayConnection(url, socket, invoker, options, new ConnectionFacts(addresses, remote, tls), openTime);
        connection.reader = Task.Run(connection.ReadLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sends one message; returns the <see cref="Stopwatch"/> timestamp at which it was handed to the socket.</summary>
    public async Task<long> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        await sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFaulted();
            var sentAt = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return sentAt;
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException ||
            (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A send in flight when the reader finds the connection dead fails as "canceled" (the socket is aborted).
            throw new RelayProtocolException($"connection lost while sending: {e.Message}");
        }
        finally
        {
            sendLock.Release();
        }
    }

    /// <summary>Waits for the first relay message that matches; faults if the connection fails first.</summary>
    public async Task<RelayMessage> WaitForAsync(Func<RelayMessage, bool> match, CancellationToken cancellationToken) =>
        (await WaitForStampedAsync(match, cancellationToken).ConfigureAwait(false)).Message;

    /// <summary>Sends a message and waits for its answer; registering first so a fast answer is not missed.</summary>
    public async Task<RelayMessage> RequestAsync(byte[] message, Func<RelayMessage, bool> match, CancellationToken cancellationToken) =>
        (await ExchangeAsync(message, match, cancellationToken).ConfigureAwait(false)).Message;

    /// <summary>As <see cref="RequestAsync"/>, with the timestamps of the request leaving and the answer arriving.</summary>
    public async Task<RelayAnswer> ExchangeAsync(byte[] message, Func<RelayMessage, bool> match, CancellationToken cancellationToken)
    {
        using var scope = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answer = WaitForStampedAsync(match, scope.Token);
        long sentAt;
        try
        {
            sentAt = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await scope.CancelAsync().ConfigureAwait(false);
            // Reading Exception marks the abandoned wait's fault observed (found by the unobserved-exception test).
            await answer.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        var (received, receivedAt) = await answer.ConfigureAwait(false);
        return new RelayAnswer(received, sentAt, receivedAt);
    }

    /// <summary>
    /// Opens a subscription: registers it, then sends the <c>REQ</c>, so no answer is missed. Its <c>EVENT</c>,
    /// <c>EOSE</c> and <c>CLOSED</c> messages go to it alone, in order, and the relay's <c>NOTICE</c>s to it as well
    /// as to any waiter; while its reader lags, reading from the relay waits (at most <paramref name="capacity"/>
    /// messages are held). Disposing it sends <c>CLOSE</c>.
    /// </summary>
    public async Task<RelaySubscription> SubscribeAsync(string subscriptionId, IReadOnlyList<Filter> filters, int capacity, CancellationToken cancellationToken)
    {
        var subscription = new RelaySubscription(this, subscriptionId, capacity, lifetime.Token);
        Exception? refused;
        lock (waitersLock)
        {
            refused = readerFault ?? (subscriptions.TryAdd(subscriptionId, subscription)
                ? null
                : new InvalidOperationException($"subscription '{subscriptionId}' is already open on this connection"));
        }

        if (refused is not null)
        {
            subscription.Abandon();
            throw refused;
        }

        try
        {
            await SendAsync(ClientMessages.Req(subscriptionId, filters), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscription;
    }

    /// <summary>Takes a subscription off the connection; false when it was gone already (closed by the relay, or twice).</summary>
    internal bool Unregister(RelaySubscription subscription)
    {
        lock (waitersLock)
        {
            return subscriptions.TryGetValue(subscription.Id, out var registered) && registered == subscription && subscriptions.Remove(subscription.Id);
        }
    }

    internal TimeSpan CloseTimeout => options.CloseTimeout;

    internal bool IsFaulted
    {
        get
        {
            lock (waitersLock)
            {
                return readerFault is not null;
            }
        }
    }

    private async Task<(RelayMessage Message, long ReceivedAt)> WaitForStampedAsync(Func<RelayMessage, bool> match, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(match);
        lock (waitersLock)
        {
            if (readerFault is not null)
            {
                throw readerFault;
            }

            waiters.Add(waiter);
        }

        try
        {
            return await waiter.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (waitersLock)
            {
                waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var close = new CancellationTokenSource(options.CloseTimeout);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The relay is gone or slow to close; Abort below ends it either way.
            }
        }

        await lifetime.CancelAsync().ConfigureAwait(false);
        socket.Abort();
        if (reader is not null)
        {
            await reader.ConfigureAwait(false);
        }

        socket.Dispose();
        invoker.Dispose();
        lifetime.Dispose();
        sendLock.Dispose();
    }

    /// <summary>
    /// The stream the connect callback opened for one connect. SocketsHttpHandler finishes a connection attempt in the
    /// background even when its request was cancelled; a stream that arrives after the connect failed, or one the
    /// failed connect left behind, is disposed here, or it would hold its per-address slot until collected.
    /// </summary>
    private sealed class ConnectAttempt
    {
        private readonly Lock gate = new();
        private Stream? stream;
        private bool abandoned;

        public Stream Adopt(Stream opened)
        {
            lock (gate)
            {
                if (!abandoned)
                {
                    stream = opened;
                    return opened;
                }
            }

            opened.Dispose();
            throw new OperationCanceledException("the connect this connection was opened for has already failed");
        }

        public void Abandon()
        {
            Stream? left;
            lock (gate)
            {
                abandoned = true;
                left = stream;
                stream = null;
            }

            left?.Dispose();
        }
    }

    /// <summary>Only "no such name" (NXDOMAIN) is definite; a resolver that cannot answer now may answer later.</summary>
    internal static ConnectFailure DnsFailure(SocketError error) => error == SocketError.HostNotFound ? ConnectFailure.Dns : ConnectFailure.DnsTemporary;

    private static RelayConnectException Classify(Exception e, int status, string? tlsErrors, CancellationToken cancellationToken)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case RelayConnectException known:
                    return known;
                case AuthenticationException tls:
                    return new RelayConnectException(ConnectFailure.Tls, $"TLS handshake failed: {tlsErrors ?? tls.Message}", inner: e);
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return new RelayConnectException(ConnectFailure.Refused, "connection refused", inner: e);
            }
        }

        if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return new RelayConnectException(ConnectFailure.Timeout, "timed out while opening the WebSocket", inner: e);
        }

        if (status is > 0 and not 101)
        {
            return new RelayConnectException(ConnectFailure.HttpStatus, $"WebSocket upgrade refused with HTTP {status}", status, e);
        }

        return new RelayConnectException(ConnectFailure.Network, $"WebSocket open failed: {e.Message}", inner: e);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PooledBuffer.InitialSize);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= options.MaxFrameBytes)
                        {
                            throw new RelayProtocolException($"relay sent a frame over the {options.MaxFrameBytes}-byte limit");
                        }

                        PooledBuffer.Grow(ref buffer, length, options.MaxFrameBytes);
                    }

                    var room = Math.Min(buffer.Length, options.MaxFrameBytes) - length;
                    result = await socket.ReceiveAsync(buffer.AsMemory(length, room), lifetime.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        throw new RelayProtocolException($"relay closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})");
                    }

                    length += result.Count;
                    if (length >= options.MaxFrameBytes && !result.EndOfMessage)
                    {
                        throw new RelayProtocolException($"relay sent a frame over the {options.MaxFrameBytes}-byte limit");
                    }
                }
                while (!result.EndOfMessage);

                // The answer has arrived: its stopwatch stops here, before parsing (and any verifying) begins.
                var receivedAt = Stopwatch.GetTimestamp();
                RelayMessage message;
                try
                {
                    message = RelayMessage.Parse(buffer.AsSpan(0, length));
                }
                catch (RelayProtocolException) when (options.SkipMalformedMessages)
                {
                    Interlocked.Increment(ref malformedMessages);
                    continue;
                }

                if (SubscriptionOf(message) is { } subscription)
                {
                    await subscription.DeliverAsync(message).ConfigureAwait(false);
                    continue;
                }

                if (message is NoticeMessage)
                {
                    NotifySubscriptions(message);
                }

                Dispatch(message, receivedAt);
            }
        }
        catch (Exception e) when (lifetime.IsCancellationRequested)
        {
            Fault(new RelayProtocolException($"connection closed by the monitor ({e.GetType().Name})"));
        }
        catch (RelayProtocolException e)
        {
            Fault(e);
            socket.Abort();
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            Fault(new RelayProtocolException($"connection lost: {e.Message}"));
        }
        catch (Exception e)
        {
            // Our bug, not the relay's: the reader must not fault (DisposeAsync awaits it), so the probes waiting for
            // an answer get the exception and report it as an internal failure.
            Fault(e);
            socket.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(RelayMessage message, long receivedAt)
    {
        if (message is AuthMessage auth)
        {
            authChallenge.TrySetResult(auth.Challenge);
        }

        lock (waitersLock)
        {
            foreach (var waiter in waiters)
            {
                if (waiter.Match(message) && waiter.Completion.TrySetResult((message, receivedAt)))
                {
                    return;
                }
            }
        }
    }

    /// <summary>The open subscription a message belongs to; one closed by the relay is taken off the connection.</summary>
    private RelaySubscription? SubscriptionOf(RelayMessage message)
    {
        var id = message switch
        {
            EventMessage e => e.SubscriptionId,
            EoseMessage e => e.SubscriptionId,
            ClosedMessage c => c.SubscriptionId,
            _ => null,
        };
        if (id is null)
        {
            return null;
        }

        lock (waitersLock)
        {
            if (!subscriptions.TryGetValue(id, out var subscription))
            {
                return null;
            }

            if (message is ClosedMessage)
            {
                subscriptions.Remove(id);
            }

            return subscription;
        }
    }

    private void NotifySubscriptions(RelayMessage notice)
    {
        lock (waitersLock)
        {
            foreach (var subscription in subscriptions.Values)
            {
                subscription.Notify(notice);
            }
        }
    }

    private void Fault(Exception e)
    {
        lock (waitersLock)
        {
            readerFault ??= e;
            foreach (var subscription in subscriptions.Values)
            {
                subscription.Fail(readerFault);
            }

            foreach (var waiter in waiters)
            {
                // A waiter whose caller already gave up never awaits this task: observe it here.
                waiter.Completion.TrySetException(readerFault);
                _ = waiter.Completion.Task.Exception;
            }
        }

        authChallenge.TrySetException(readerFault);
        _ = authChallenge.Task.Exception;
    }

    private void ThrowIfFaulted()
    {
        if (readerFault is not null)
        {
            throw readerFault;
        }
    }

    private sealed record Waiter(Func<RelayMessage, bool> Match)
    {
        public TaskCompletionSource<(RelayMessage Message, long ReceivedAt)> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
