using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Publisher;

/// <summary>
/// One lasting connection per publish relay, opened on demand and replaced after a failure. Sends are serialized per
/// relay; the monitor authenticates (NIP-42) when a publish relay asks for it. A send that cannot get an answer
/// (connection refused or lost, no OK within <see cref="PublisherOptions.SendTimeout"/>) is
/// <see cref="DeliveryOutcome.Failed"/>; cancelling <c>cancellationToken</c> throws instead.
/// </summary>
public sealed class PublishRelayPool(NostrKeys keys, PublisherOptions options) : IAsyncDisposable
{
    private readonly Dictionary<string, Slot> slots = new(StringComparer.Ordinal);

    /// <param name="eventId">The id of the event, to match the relay's <c>OK</c>.</param>
    /// <param name="eventJson">The signed event as <see cref="NostrEvent.ToJson"/> wrote it: sent as is, not parsed.</param>
    public async Task<DeliveryResult> SendAsync(string relay, string eventId, string eventJson, CancellationToken cancellationToken)
    {
        var frame = ClientMessages.Event(eventJson);
        Slot slot;
        lock (slots)
        {
            if (!slots.TryGetValue(relay, out slot!))
            {
                slots[relay] = slot = new Slot();
            }
        }

        await slot.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.SendTimeout);
            try
            {
                slot.Connection ??= await RelayConnection.ConnectAsync(RelayUrl.Parse(relay), new RelayClientOptions(), timeout.Token).ConfigureAwait(false);
                var ok = await SendEventAsync(slot.Connection, frame, eventId, timeout.Token).ConfigureAwait(false);
                if (!ok.Accepted && ok.Reason.Prefix == ReasonPrefix.AuthRequired && await AuthenticateAsync(slot.Connection, relay, timeout.Token).ConfigureAwait(false))
                {
                    ok = await SendEventAsync(slot.Connection, frame, eventId, timeout.Token).ConfigureAwait(false);
                }

                return new DeliveryResult(RefusalKinds.OutcomeOf(ok), ok.Reason.Text);
            }
            catch (Exception ex) when (ex is RelayConnectException or RelayProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await slot.ResetAsync().ConfigureAwait(false);
                return new DeliveryResult(DeliveryOutcome.Failed, ex is OperationCanceledException ? $"no OK within {options.SendTimeout.TotalSeconds:0} s" : ex.Message);
            }
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Slot[] all;
        lock (slots)
        {
            all = [.. slots.Values];
            slots.Clear();
        }

        foreach (var slot in all)
        {
            await slot.ResetAsync().ConfigureAwait(false);
            slot.Lock.Dispose();
        }
    }

    private static async Task<OkMessage> SendEventAsync(RelayConnection connection, byte[] frame, string eventId, CancellationToken cancellationToken) =>
        (OkMessage)await connection.RequestAsync(frame, m => m is OkMessage ok && ok.EventId == eventId, cancellationToken).ConfigureAwait(false);

    private async Task<bool> AuthenticateAsync(RelayConnection connection, string relay, CancellationToken cancellationToken)
    {
        var challenge = await connection.AuthChallenge.WaitAsync(cancellationToken).ConfigureAwait(false);
        var auth = new AuthEvent(relay, challenge).ToEvent(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Sign(keys);
        var ok = (OkMessage)await connection.RequestAsync(ClientMessages.Auth(auth), m => m is OkMessage o && o.EventId == auth.Id, cancellationToken).ConfigureAwait(false);
        return ok.Accepted;
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public RelayConnection? Connection { get; set; }

        public async Task ResetAsync()
        {
            if (Connection is { } connection)
            {
                Connection = null;
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
