using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Appends signed events to published_events once each (keyed by event id), a batch per transaction: one
/// transaction per event cost more CPU than building and signing it.
/// </summary>
public sealed class NostrEventSignedConsumer(IDbContextFactory<MonitorDbContext> dbFactory, TimeProvider time) : IConsumer<Batch<NostrEventSigned>>
{
    public async Task Consume(ConsumeContext<Batch<NostrEventSigned>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var fresh = new Dictionary<string, ConsumeContext<NostrEventSigned>>(StringComparer.Ordinal);
        foreach (var signed in context.Message)
        {
            fresh.TryAdd(signed.Message.EventId, signed);
        }

        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        var ids = fresh.Keys.ToArray();
        var known = await db.PublishedEvents.Where(e => ids.Contains(e.EventId)).Select(e => e.EventId)
            .ToListAsync(context.CancellationToken).ConfigureAwait(false);
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
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
