using System.Diagnostics;
using System.Security.Cryptography;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Checker;

/// <summary>
/// One check of one relay: NIP-11 in parallel with the WebSocket, on its own connection; once open, read and then
/// write run one after the other on the same connection, so that on a relay answering in order neither waits behind
/// the other (see <see cref="Rtt"/>); a NIP-42 authentication, done at most once, is shared by whichever needs it.
/// </summary>
internal sealed class ProbeRun(RelayUrl url, NostrKeys keys, ProbeOptions options, Nip11Client nip11, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<CheckOutcome> outcomes = [];
    private readonly HashSet<string> sentEventIds = [];
    private Task<bool>? authentication;
    private bool authRequired;
    private bool paymentRequired;
    private bool? restrictedWrites;
    private bool? powRequired;
    private bool spokeNostr;
    private bool readNeededAuth;
    private string? openSubscription;

    /// <summary>
    /// Runs the probes. Each is contained: an exception it did not expect is recorded as an
    /// <see cref="FailureClass.Internal"/> failure of that check, and the others go on. Only the caller's cancellation
    /// (shutdown) propagates.
    /// </summary>
    public async Task<RelayCheckResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var document = options.Checks.Contains(CheckType.Nip11)
            ? ContainAsync(CheckType.Nip11, () => FetchNip11Async(cancellationToken), null, cancellationToken)
            : Task.FromResult<Nip11Document?>(null);
        ConnectionFacts? facts = null;
        var connection = await ContainAsync(CheckType.Open, () => OpenAsync(cancellationToken), null, cancellationToken).ConfigureAwait(false);
        if (connection is not null)
        {
            await using (connection.ConfigureAwait(false))
            {
                facts = connection.Facts;
                if (options.Checks.Contains(CheckType.Read))
                {
                    await ContainAsync(CheckType.Read, () => ReadAsync(connection, cancellationToken), cancellationToken).ConfigureAwait(false);
                }

                if (options.Checks.Contains(CheckType.Write))
                {
                    await ContainAsync(CheckType.Write, () => WriteAsync(connection, cancellationToken), cancellationToken).ConfigureAwait(false);
                }

                // Closed last: a relay working in order would make the write wait behind the CLOSE.
                if (openSubscription is { } subscription)
                {
                    await CloseSubscriptionAsync(connection, subscription).ConfigureAwait(false);
                }

                // A NIP-42 challenge is Nostr too, from a relay that answers nothing else before authentication.
                spokeNostr |= connection.AuthChallenge.IsCompletedSuccessfully;
            }
        }

        var nip11Document = await document.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        RecordTransportFacts(facts);
        return BuildResult(startedAt, connection is not null, nip11Document, facts);
    }

    private async Task<RelayConnection?> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await RelayConnection.ConnectAsync(url, options.Client, options.OpenTimeout, cancellationToken).ConfigureAwait(false);
            Succeed(CheckType.Open, Rtt.Open(connection));
            return connection;
        }
        catch (RelayConnectException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Fail(CheckType.Open, FailureMapping.From(e.Failure), e.Failure == ConnectFailure.Timeout
                ? $"WebSocket did not open within {Milliseconds(options.OpenTimeout)} ms"
                : e.Message);
            return null;
        }
    }

    private async Task ReadAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        var attempt = await ReadOnceAsync(connection, cancellationToken).ConfigureAwait(false);
        if (attempt.Refusal?.Prefix == ReasonPrefix.AuthRequired)
        {
            readNeededAuth = true;
            if (await AuthenticateOnceAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                attempt = await ReadOnceAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }

        Record(CheckType.Read, attempt);
    }

    private async Task<Attempt> ReadOnceAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        var subscription = "nip66-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        var request = ClientMessages.Req(subscription, new Filter { Kinds = [1], Limit = 1 });
        using var timeout = Deadline(CheckType.Read, cancellationToken);
        try
        {
            var answer = await connection.ExchangeAsync(request, m => m switch
            {
                EventMessage e => e.SubscriptionId == subscription,
                EoseMessage e => e.SubscriptionId == subscription,
                ClosedMessage c => c.SubscriptionId == subscription,
                _ => false,
            }, timeout.Token).ConfigureAwait(false);
            switch (answer.Message)
            {
                case ClosedMessage closed:
                    spokeNostr = true;
                    return Attempt.Refused(closed.Reason);
                case EventMessage { Value: var e } when e.Kind != 1:
                    return Attempt.Failed(FailureClass.Protocol, $"relay answered a kinds:[1] subscription with a kind {e.Kind} event");
                case EventMessage { Value: var e } when !EventVerifier.IsValid(e):
                    return Attempt.Failed(FailureClass.Protocol, $"relay sent event {e.Id} with an invalid id or signature");
            }

            spokeNostr = true;
            openSubscription = subscription;
            return Attempt.Succeeded(Rtt.Read(answer));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Attempt.Failed(FailureClass.Timeout, $"no EVENT, EOSE or CLOSED within {Milliseconds(options.ReadTimeout)} ms");
        }
        catch (RelayProtocolException e)
        {
            return Attempt.Failed(FailureClass.Protocol, e.Message);
        }
    }

    private async Task WriteAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        var attempt = await WriteOnceAsync(connection, cancellationToken).ConfigureAwait(false);
        if (attempt.Refusal?.Prefix == ReasonPrefix.AuthRequired &&
            await AuthenticateOnceAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            attempt = await WriteOnceAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        lock (gate)
        {
            if (attempt.Success)
            {
                restrictedWrites = false;
                powRequired = false;
            }
            else if (attempt.Refusal is { } refusal)
            {
                // A refused write is never evidence of open writes. PoW counts as a restriction (NIP-11's
                // restricted_writes includes min_pow_difficulty); rate-limited, invalid and error say nothing either way.
                restrictedWrites = refusal.Prefix is ReasonPrefix.RateLimited or ReasonPrefix.Invalid or ReasonPrefix.Error
                    ? restrictedWrites
                    : true;
                powRequired = refusal.Prefix == ReasonPrefix.Pow ? true : powRequired;
            }
        }

        Record(CheckType.Write, attempt);
    }

    private async Task<Attempt> WriteOnceAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        var probe = new WriteProbeEvent(options.WriteProbeLifetime).ToEvent(time.GetUtcNow().ToUnixTimeSeconds()).Sign(keys);

        // Signed above, before the EVENT's stopwatch starts: the signature is the monitor's work, not the relay's.
        var (answer, failed) = await SendEventAsync(connection, ClientMessages.Event(probe), probe.Id, CheckType.Write, cancellationToken).ConfigureAwait(false);
        if (answer is not { Message: OkMessage ok } sent)
        {
            return failed!;
        }

        return ok.Accepted || ok.Reason.Prefix == ReasonPrefix.Duplicate ? Attempt.Succeeded(Rtt.Write(sent)) : Attempt.Refused(ok.Reason);
    }

    /// <summary>
    /// Sends an EVENT or AUTH and waits for its OK. An OK for an id this check never sent is a protocol error, not a
    /// success: counting any OK as a write is a known mistake of other monitors.
    /// </summary>
    private async Task<(RelayAnswer? Answer, Attempt? Failed)> SendEventAsync(RelayConnection connection, byte[] message, string eventId, CheckType check, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            sentEventIds.Add(eventId);
        }

        using var timeout = Deadline(check, cancellationToken);
        try
        {
            var answer = await connection.ExchangeAsync(message, m => m is OkMessage ok && (ok.EventId == eventId || !IsSent(ok.EventId)), timeout.Token)
                .ConfigureAwait(false);
            var ok = (OkMessage)answer.Message;
            if (ok.EventId != eventId)
            {
                return (null, Attempt.Failed(FailureClass.Protocol, $"relay answered OK for event {Shorten(ok.EventId)}, which was never sent"));
            }

            spokeNostr = true;
            return (answer, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, Attempt.Failed(FailureClass.Timeout, $"no OK within {Milliseconds(options.TimeoutOf(check))} ms"));
        }
        catch (RelayProtocolException e)
        {
            return (null, Attempt.Failed(FailureClass.Protocol, e.Message));
        }
    }

    private Task<bool> AuthenticateOnceAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            authRequired = true;
            if (!options.Checks.Contains(CheckType.Auth))
            {
                return Task.FromResult(false);
            }

            return authentication ??= ContainAsync(CheckType.Auth, () => AuthenticateAsync(connection, cancellationToken), false, cancellationToken);
        }
    }

    private async Task<bool> AuthenticateAsync(RelayConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = Deadline(CheckType.Auth, cancellationToken);
        string challenge;
        try
        {
            challenge = await connection.AuthChallenge.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Fail(CheckType.Auth, FailureClass.AuthRequired, $"relay asked for authentication but sent no AUTH challenge within {Milliseconds(options.AuthTimeout)} ms");
            return false;
        }
        catch (RelayProtocolException e)
        {
            Fail(CheckType.Auth, FailureClass.Protocol, e.Message);
            return false;
        }

        // Signed before SendEventAsync starts the stopwatch, as the write probe is.
        var auth = new AuthEvent(url.Value, challenge).ToEvent(time.GetUtcNow().ToUnixTimeSeconds()).Sign(keys);
        var (answer, failed) = await SendEventAsync(connection, ClientMessages.Auth(auth), auth.Id, CheckType.Auth, cancellationToken).ConfigureAwait(false);
        var attempt = answer is not { Message: OkMessage ok } sent ? failed!
            : ok.Accepted ? Attempt.Succeeded(Rtt.Auth(sent))
            : Attempt.Refused(ok.Reason);
        Record(CheckType.Auth, attempt);
        return attempt.Success;
    }

    private async Task<Nip11Document?> FetchNip11Async(CancellationToken cancellationToken)
    {
        using var timeout = Deadline(CheckType.Nip11, cancellationToken);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var document = await nip11.FetchAsync(url, options.Client.Policy, timeout.Token).ConfigureAwait(false);

            // The publisher shrinks a document too big for the 30166 the same way; the stored check says what went.
            Succeed(CheckType.Nip11, (int)Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds), DiscoveryContent.Fit(document.Json).Note);
            return document;
        }
        catch (Nip11Exception e)
        {
            Fail(CheckType.Nip11, FailureMapping.From(e.Failure), e.Failure == Nip11Failure.Timeout
                ? $"no NIP-11 document within {Milliseconds(options.Nip11Timeout)} ms"
                : e.Message);
            return null;
        }
    }

    private static async Task CloseSubscriptionAsync(RelayConnection connection, string subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await connection.SendAsync(ClientMessages.Close(subscription), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RelayProtocolException or OperationCanceledException)
        {
            // The check already has its answer; a relay that cannot take a CLOSE is closed with the connection.
        }
    }

    private void RecordTransportFacts(ConnectionFacts? facts)
    {
        if (facts is null)
        {
            return;
        }

        if (options.Checks.Contains(CheckType.Dns) && facts.Addresses.Count > 0)
        {
            Record(new CheckOutcome(CheckType.Dns, true, null, null, null));
        }

        if (options.Checks.Contains(CheckType.Ssl) && facts.Tls is { } tls)
        {
            var expired = tls.NotAfter < time.GetUtcNow();
            Record(tls.Valid && !expired
                ? new CheckOutcome(CheckType.Ssl, true, null, null, null)
                : new CheckOutcome(CheckType.Ssl, false, null, FailureClass.Tls, expired ? $"certificate expired {tls.NotAfter:u}" : tls.Errors));
        }
    }

    private RelayCheckResult BuildResult(DateTimeOffset startedAt, bool opened, Nip11Document? document, ConnectionFacts? facts)
    {
        CheckOutcome[] all;
        lock (gate)
        {
            all = [.. outcomes.OrderBy(o => o.Check)];
        }

        var read = all.FirstOrDefault(o => o.Check == CheckType.Read);
        var status = !opened ? RelayStatus.Offline
            : read is { Success: true } && !readNeededAuth ? RelayStatus.Online
            : RelayStatus.Degraded;
        var failure = all.FirstOrDefault(o => !o.Success) is { } failed
            ? new CheckFailure(failed.Check, failed.Failure!.Value, failed.Message ?? string.Empty)
            : null;
        if (status == RelayStatus.Degraded && read is { Success: true })
        {
            failure = new CheckFailure(CheckType.Read, FailureClass.AuthRequired, "reads need NIP-42 authentication");
        }

        int? Rtt(CheckType check) => all.FirstOrDefault(o => o.Check == check && o.Success)?.RttMs;
        return new RelayCheckResult
        {
            Url = url.Value,
            Network = url.Network,
            Status = status,
            RttOpenMs = Rtt(CheckType.Open),
            RttReadMs = Rtt(CheckType.Read),
            RttWriteMs = Rtt(CheckType.Write),
            Failure = failure,
            Checks = all,
            Requirements = new ObservedRequirements(
                authRequired ? true : read is { Success: true } ? false : null,
                paymentRequired ? true : null,
                restrictedWrites,
                powRequired),
            SpokeNostr = spokeNostr,
            Authenticated = authentication is { IsCompletedSuccessfully: true, Result: true },
            Nip11 = document,
            Addresses = facts?.Addresses.Select(a => a.ToString()).ToArray() ?? [],
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
        };
    }

    private void Record(CheckType check, Attempt attempt)
    {
        if (attempt.RttMs is { } rtt)
        {
            Succeed(check, rtt);
            return;
        }

        if (attempt.Refusal is { } refusal)
        {
            lock (gate)
            {
                paymentRequired |= refusal.Prefix == ReasonPrefix.PaymentRequired;
            }

            Fail(check, FailureMapping.From(refusal.Prefix), refusal.Text);
            return;
        }

        Fail(check, attempt.Failure!.Value, attempt.Message!);
    }

    private void Succeed(CheckType check, int rttMs, string? note = null) =>
        Record(new CheckOutcome(check, true, rttMs, null, note));

    private void Fail(CheckType check, FailureClass failure, string message) =>
        Record(new CheckOutcome(check, false, null, failure, SafeText.Clean(message, CheckFailure.MaxMessageLength)));

    private void Record(CheckOutcome outcome)
    {
        lock (gate)
        {
            outcomes.Add(outcome);
        }
    }

    private bool IsSent(string eventId)
    {
        lock (gate)
        {
            return sentEventIds.Contains(eventId);
        }
    }

    private CancellationTokenSource Deadline(CheckType check, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.TimeoutOf(check));
        return source;
    }

    private static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;

    private static string Shorten(string id) => id.Length > 16 ? SafeText.Clean(id, 16) + "..." : id;

    private async Task<T> ContainAsync<T>(CheckType check, Func<Task<T>> probe, T failed, CancellationToken cancellationToken)
    {
        try
        {
            return await probe().ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the relay sent, the result must still be made: the probe's bug is this check's failure.
            Fail(check, FailureClass.Internal, FailureMapping.Internal(check, e));
            return failed;
        }
    }

    /// <summary>A probe that records its own outcome; true when it ran to its end.</summary>
    private Task<bool> ContainAsync(CheckType check, Func<Task> probe, CancellationToken cancellationToken) =>
        ContainAsync(check, async () =>
        {
            await probe().ConfigureAwait(false);
            return true;
        }, false, cancellationToken);

    /// <summary>
    /// How one read or write attempt ended: accepted (with its <see cref="Rtt"/>), refused by policy (with the
    /// relay's reason), or failed.
    /// </summary>
    private sealed record Attempt(int? RttMs, RelayReason? Refusal, FailureClass? Failure, string? Message)
    {
        public bool Success => RttMs is not null;

        public static Attempt Succeeded(int rttMs) => new(rttMs, null, null, null);

        public static Attempt Refused(RelayReason reason) => new(null, reason, null, null);

        public static Attempt Failed(FailureClass failure, string message) => new(null, null, failure, message);
    }
}
