using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Stores each delivery attempt in event_deliveries, one row per (event, publish relay, attempt). A redelivered
/// message finds its row and changes nothing. A row with the same attempt number but an earlier time is from before
/// a publisher crash (the delivery came back from the broker and counted its attempts again): the newer answer
/// replaces it, so that the latest row always holds the delivery's state.
/// </summary>
public sealed class EventDeliveredConsumer(IDbContextFactory<MonitorDbContext> dbFactory) : IConsumer<EventDelivered>
{
    public async Task Consume(ConsumeContext<EventDelivered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        var row = await db.EventDeliveries
            .SingleOrDefaultAsync(
                d => d.EventId == message.EventId && d.PublishRelay == message.PublishRelay && d.Attempt == message.Attempt,
                context.CancellationToken)
            .ConfigureAwait(false);
        var at = message.At.ToUniversalTime();
        if (row is null)
        {
            row = new EventDelivery { EventId = message.EventId, PublishRelay = message.PublishRelay, Outcome = string.Empty, Attempt = message.Attempt };
            db.EventDeliveries.Add(row);
        }
        else if (at <= row.At)
        {
            return;
        }

        row.Outcome = PersistenceNames.Outcome(message.Outcome);
        row.Message = message.Message;
        row.At = at;
        row.RetryAt = message.RetryAt?.ToUniversalTime();
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
