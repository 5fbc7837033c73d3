using Nip66.Nostr;

namespace Nip66.TestSupport;

/// <summary>
/// A REQ kept open on a real relay: every event it stores from then on (and the stored ones before EOSE) is seen once,
/// so a test can count what was accepted, which a query of an addressable kind (one slot per d tag) cannot.
/// </summary>
public sealed class LiveSubscription : IAsyncDisposable
{
    private const string Id = "live";
    private readonly RelayConnection connection;
    private readonly CancellationTokenSource stop = new();
    private readonly List<NostrEvent> events = [];
    private readonly Task watching;

    private LiveSubscription(RelayConnection connection)
    {
        this.connection = connection;
        watching = connection.WaitForAsync(Collect, stop.Token);
    }

    /// <summary>The events received so far, in arrival order.</summary>
    public IReadOnlyList<NostrEvent> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    public static async Task<LiveSubscription> StartAsync(string relayUrl, Filter filter)
    {
        var connection = await RelayConnection.ConnectAsync(RelayUrl.Parse(relayUrl), new RelayClientOptions(), CancellationToken.None);
        var subscription = new LiveSubscription(connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.RequestAsync(ClientMessages.Req(Id, filter), m => m is EoseMessage { SubscriptionId: Id }, timeout.Token);
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        await connection.DisposeAsync();
        stop.Dispose();
    }

    // Never matches, so it sees every message for the whole life of the subscription.
    private bool Collect(RelayMessage message)
    {
        if (message is EventMessage { SubscriptionId: Id } e)
        {
            lock (events)
            {
                events.Add(e.Value);
            }
        }

        return false;
    }
}
