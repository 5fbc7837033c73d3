using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Upserts event_deliveries: one row per (event, publish relay) holding the latest answer; an answer older than
/// the stored one (a late redelivery) is ignored.
/// </summary>
public sealed class EventDeliveredConsumer(IDbContextFactory<MonitorDbContext> dbFactory) : IConsumer<EventDelivered>
{
    public async Task Consume(ConsumeContext<EventDelivered> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        var row = await db.EventDeliveries
            .SingleOrDefaultAsync(d => d.EventId == message.EventId && d.PublishRelay == message.PublishRelay, context.CancellationToken)
            .ConfigureAwait(false);
        var at = message.At.ToUniversalTime();
        if (row is null)
        {
            row = new EventDelivery { EventId = message.EventId, PublishRelay = message.PublishRelay, Outcome = string.Empty };
            db.EventDeliveries.Add(row);
        }
        else if (at < row.At || (at == row.At && message.Attempt < row.Attempt))
        {
            return;
        }

        row.Outcome = PersistenceNames.Outcome(message.Outcome);
        row.Message = message.Message;
        row.Attempt = message.Attempt;
        row.At = at;
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
