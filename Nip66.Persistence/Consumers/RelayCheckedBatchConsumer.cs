using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Stores check results in batches: one query for the relays, one for the results already stored, one
/// SaveChanges. Idempotent: a (cycle, relay) already stored is skipped, so redelivery neither duplicates rows
/// nor counts a failure twice. Unknown URLs are added to the registry. Each relay's latest fields and back-off
/// follow its newest result only (an older result that arrives late is stored but changes nothing else).
/// Text is made safe again before it is written (a result from an older checker may hold a NUL), and a row the
/// database still refuses is isolated (<see cref="PoisonRows"/>). The relay's row is its latest status (the read
/// side lists, filters and sorts it in SQL). Each stored batch is tallied for the cycle saga
/// (<see cref="CheckResultsTallied"/>), so that the scheduler needs no copy of every result.
/// <para>
/// A candidate's result (<see cref="RelayChecked.Candidate"/>) adds no relay unless it promotes: when the check saw it
/// speak Nostr, it becomes a relay of origin <see cref="RelayOrigin.Discovered"/>, guarded, with the result as its
/// first check (not publishable: the publisher signs none for a candidate). Otherwise it is tried again after
/// <see cref="BackoffLadder.CandidateDelay"/>, and retired at <see cref="DiscoveryOptions.MaxTries"/>. A candidate
/// is handled once per cycle (<see cref="RelayCandidate.LastCycleId"/>) and only while pending.
/// </para>
/// </summary>
public sealed partial class RelayCheckedBatchConsumer(
    IDbContextFactory<MonitorDbContext> dbFactory,
    DiscoveryOptions discovery,
    TimeProvider time,
    ILogger<RelayCheckedBatchConsumer> logger) : IConsumer<Batch<RelayChecked>>
{
    internal const string AddedFromCheckNote = "added from a check result";

    public async Task Consume(ConsumeContext<Batch<RelayChecked>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await PoisonRows.SaveAsync(context.Message, (messages, cancellationToken) => StoreAsync([.. messages.Select(m => m.Message)], cancellationToken),
            logger, context.CancellationToken).ConfigureAwait(false);

        // Only now, so that a cycle completes when its results are stored. Every message of the batch counts, already
        // stored and isolated ones too: each was checked, and the saga counts an index once.
        await context.PublishBatch(CheckResultsTallied.Of(context.Message.Select(m => m.Message)), context.CancellationToken).ConfigureAwait(false);
    }

    async Task StoreAsync(IReadOnlyList<RelayChecked> messages, CancellationToken cancellationToken)
    {
        // One result per (cycle, URL): duplicates within the batch are redeliveries.
        var unique = new Dictionary<(Guid CycleId, string Url), RelayChecked>();
        foreach (var message in messages)
        {
            unique.TryAdd((message.CycleId, message.Result.Url), message);
        }

        if (unique.Count == 0)
        {
            return;
        }

        var urls = unique.Keys.Select(k => k.Url).Distinct(StringComparer.Ordinal).ToList();
        var cycleIds = unique.Keys.Select(k => k.CycleId).Distinct().ToList();

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var relays = await db.Relays
            .Where(r => urls.Contains(r.Url))
            .ToDictionaryAsync(r => r.Url, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        var candidateUrls = unique.Values.Where(m => m.Candidate).Select(m => m.Result.Url).Distinct(StringComparer.Ordinal).ToList();
        var candidates = candidateUrls.Count == 0
            ? []
            : await db.RelayCandidates
                .Where(c => candidateUrls.Contains(c.Url))
                .ToDictionaryAsync(c => c.Url, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);

        var relayIds = relays.Values.Select(r => r.Id).ToList();
        var stored = relayIds.Count == 0
            ? []
            : (await db.CheckResults.AsNoTracking()
                .Where(c => cycleIds.Contains(c.CycleId) && relayIds.Contains(c.RelayId))
                .Select(c => new { c.CycleId, c.RelayId })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(c => (c.CycleId, c.RelayId))
                .ToHashSet();

        var now = time.GetUtcNow();
        var inserted = 0;
        var validated = new List<RelayCandidate>();
        foreach (var message in unique.Values.OrderBy(m => m.Result.FinishedAt))
        {
            var result = message.Result;
            if (message.Candidate)
            {
                if (candidates.TryGetValue(result.Url, out var candidate) && candidate.State == CandidateState.Pending && candidate.LastCycleId != message.CycleId)
                {
                    Validate(db, message, candidate, relays, stored, now);
                    validated.Add(candidate);
                    inserted++;
                }

                continue;
            }

            if (!relays.TryGetValue(result.Url, out var relay))
            {
                relay = new Relay { Url = result.Url, Network = PersistenceNames.Network(result.Network), Enabled = true, AllowPrivateAddresses = true, AddedAt = now, Notes = AddedFromCheckNote };
                db.Relays.Add(relay);
                relays.Add(relay.Url, relay);
            }
            else if (stored.Contains((message.CycleId, relay.Id)))
            {
                continue;
            }

            db.CheckResults.Add(ToRow(message, relay));
            Apply(relay, result);
            inserted++;
        }

        if (inserted > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        // Counted once stored, so that a batch retried after a failed save is not counted twice.
        foreach (var candidate in validated)
        {
            if (candidate.State == CandidateState.Promoted)
            {
                DiscoveryMetrics.Promoted();
            }
            else if (candidate.State == CandidateState.Retired)
            {
                DiscoveryMetrics.Retired(candidate.Reason ?? CandidateReasons.NeverSpokeNostr, 1);
            }
        }

        LogStored(logger, inserted, messages.Count - inserted);
    }

    /// <summary>
    /// One validation check of a pending <paramref name="candidate"/>: promoted when the relay spoke Nostr, otherwise
    /// tried again later or, at the last try, retired.
    /// </summary>
    void Validate(MonitorDbContext db, RelayChecked message, RelayCandidate candidate, Dictionary<string, Relay> relays,
        HashSet<(Guid CycleId, long RelayId)> stored, DateTimeOffset now)
    {
        var result = message.Result;
        candidate.Tries++;
        candidate.LastTriedAt = result.FinishedAt.ToUniversalTime();
        candidate.LastCycleId = message.CycleId;
        if (result.SpokeNostr)
        {
            // The registry may have the URL already (the operator added it since the cycle started): that row stays as it is.
            if (!relays.TryGetValue(result.Url, out var relay))
            {
                relay = new Relay
                {
                    Url = result.Url,
                    Network = PersistenceNames.Network(result.Network),
                    Origin = RelayOrigin.Discovered,
                    AllowPrivateAddresses = false,
                    AddedAt = now,
                    Notes = SafeText.Clean($"discovered in a kind {candidate.FirstSourceKind} event {candidate.FirstEventId} by {candidate.FirstAuthor}"),
                };
                db.Relays.Add(relay);
                relays.Add(relay.Url, relay);
            }

            if (relay.Id == 0 || !stored.Contains((message.CycleId, relay.Id)))
            {
                db.CheckResults.Add(ToRow(message, relay));
                Apply(relay, result);
            }

            (candidate.State, candidate.PromotedAt, candidate.NextTryAt) = (CandidateState.Promoted, now, null);
            LogPromoted(logger, result.Url, candidate.Tries);
        }
        else if (candidate.Tries >= discovery.MaxTries)
        {
            (candidate.State, candidate.Reason, candidate.RetiredAt, candidate.NextTryAt) = (CandidateState.Retired, CandidateReasons.NeverSpokeNostr, now, null);
            LogRetired(logger, result.Url, candidate.Tries);
        }
        else
        {
            candidate.NextTryAt = candidate.LastTriedAt + BackoffLadder.CandidateDelay(candidate.Tries);
        }
    }

    static CheckResult ToRow(RelayChecked message, Relay relay)
    {
        var result = message.Result;
        return new CheckResult
        {
            Relay = relay,
            CycleId = message.CycleId,
            Status = PersistenceNames.Status(result.Status),
            RttOpenMs = result.RttOpenMs,
            RttReadMs = result.RttReadMs,
            RttWriteMs = result.RttWriteMs,
            FailureCheck = result.Failure is { } f1 ? PersistenceNames.Check(f1.Check) : null,
            FailureClass = result.Failure is { } f2 ? PersistenceNames.FailureClass(f2.Class) : null,
            FailureMessage = SafeText.Clean(result.Failure?.Message),
            // The publisher signs nothing for a candidate's check (even the promoting one): a run waits for no 30166.
            Publishable = result.IsPublishable && !message.Candidate,
            ChecksJson = JsonSerializer.Serialize(result.Checks.Select(c => c with { Message = SafeText.Clean(c.Message) }), PersistenceNames.Json),
            StartedAt = result.StartedAt.ToUniversalTime(),
            FinishedAt = result.FinishedAt.ToUniversalTime(),
        };
    }

    /// <summary>Moves the relay's latest fields and back-off (<see cref="RelaySchedule.BackOff"/>) to <paramref name="result"/> when it is newer.</summary>
    static void Apply(Relay relay, RelayCheckResult result)
    {
        if (relay.LastCheckedAt is { } last && Micros(result.FinishedAt) <= Micros(last))
        {
            return;
        }

        var finished = result.FinishedAt.ToUniversalTime();
        relay.LastStatus = PersistenceNames.Status(result.Status);
        relay.LastCheckedAt = finished;
        relay.LastFailureClass = result.Failure is { } failure ? PersistenceNames.FailureClass(failure.Class) : null;
        (relay.LastRttOpenMs, relay.LastRttReadMs, relay.LastRttWriteMs) = (result.RttOpenMs, result.RttReadMs, result.RttWriteMs);
        if (result.Nip11 is { } nip11)
        {
            // Made safe when the checker parsed it; Clean only scans (no parse), so that a message written by anything
            // else still cannot put a NUL or a lone surrogate in front of the database.
            relay.Nip11Json = SafeText.Clean(nip11.Json);
        }

        if (result.Status != RelayStatus.Offline)
        {
            relay.LastOnlineAt = finished;
        }

        RelaySchedule.BackOff(relay, result, finished);
    }

    // PostgreSQL keeps microseconds; compare at that precision so a re-read time equals the written one.
    static long Micros(DateTimeOffset value) => value.UtcTicks / 10;

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {Url} spoke Nostr at check {Tries}: promoted to a monitored relay")]
    static partial void LogPromoted(ILogger logger, string url, int tries);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate {Url} did not speak Nostr in {Tries} checks: retired")]
    static partial void LogRetired(ILogger logger, string url, int tries);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Inserted} check results ({Skipped} already stored or duplicated)")]
    static partial void LogStored(ILogger logger, int inserted, int skipped);
}
