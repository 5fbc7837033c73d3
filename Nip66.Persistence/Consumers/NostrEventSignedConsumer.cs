using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Appends signed events to published_events once each (keyed by event id), a batch per transaction: one
/// transaction per event cost more CPU than building and signing it. A signed event cannot be changed to suit the
/// database, so one it refuses is isolated (<see cref="PoisonRows"/>) and the rest of the batch is stored.
/// </summary>
public sealed class NostrEventSignedConsumer(IDbContextFactory<MonitorDbContext> dbFactory, TimeProvider time, ILogger<NostrEventSignedConsumer> logger)
    : IConsumer<Batch<NostrEventSigned>>
{
    public Task Consume(ConsumeContext<Batch<NostrEventSigned>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PoisonRows.SaveAsync(context.Message, StoreAsync, logger, context.CancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<ConsumeContext<NostrEventSigned>> batch, CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, ConsumeContext<NostrEventSigned>>(StringComparer.Ordinal);
        foreach (var signed in batch)
        {
            fresh.TryAdd(signed.Message.EventId, signed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var ids = fresh.Keys.ToArray();
        var known = await db.PublishedEvents.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in known)
        {
            fresh.Remove(id);
        }

        db.PublishedEvents.AddRange(fresh.Values.Select(signed => new PublishedEvent
        {
            EventId = signed.Message.EventId,
            Kind = signed.Message.Kind,
            RelayUrl = signed.Message.RelayUrl,
            CycleId = signed.Message.CycleId,
            CreatedAt = signed.Message.CreatedAt,
            EventJson = signed.Message.EventJson,
            // The message carries no signing time: the time it was sent is the closest.
            SignedAt = signed.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : time.GetUtcNow(),
        }));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
