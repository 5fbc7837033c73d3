using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>Appends the signed event to published_events once (keyed by event id).</summary>
public sealed class NostrEventSignedConsumer(IDbContextFactory<MonitorDbContext> dbFactory, TimeProvider time) : IConsumer<NostrEventSigned>
{
    public async Task Consume(ConsumeContext<NostrEventSigned> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        if (await db.PublishedEvents.AnyAsync(e => e.EventId == message.EventId, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.PublishedEvents.Add(new PublishedEvent
        {
            EventId = message.EventId,
            Kind = message.Kind,
            RelayUrl = message.RelayUrl,
            CycleId = message.CycleId,
            CreatedAt = message.CreatedAt,
            EventJson = message.EventJson,
            // The message carries no signing time: the time it was sent is the closest.
            SignedAt = (context.SentTime is { } sent ? new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc)) : time.GetUtcNow()),
        });
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
