using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Stores each delivery attempt in event_deliveries, one row per (event, publish relay, attempt), a batch per
/// transaction (one per attempt cost the persistence role more CPU than the results it stores). A redelivered message
/// finds its row and changes nothing. A row with the same attempt number but an earlier time is from before a
/// publisher crash (the delivery came back from the broker and counted its attempts again): the newer answer replaces
/// it, so that the latest row always holds the delivery's state. A row the database refuses is isolated
/// (<see cref="PoisonRows"/>).
/// </summary>
public sealed class EventDeliveredConsumer(IDbContextFactory<MonitorDbContext> dbFactory, ILogger<EventDeliveredConsumer> logger)
    : IConsumer<Batch<EventDelivered>>
{
    public Task Consume(ConsumeContext<Batch<EventDelivered>> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PoisonRows.SaveAsync(context.Message, StoreAsync, logger, context.CancellationToken);
    }

    private async Task StoreAsync(IReadOnlyList<ConsumeContext<EventDelivered>> batch, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<(string EventId, string PublishRelay, int Attempt), EventDelivered>();
        foreach (var message in batch.Select(context => context.Message))
        {
            var key = (message.EventId, message.PublishRelay, message.Attempt);
            if (!newest.TryGetValue(key, out var seen) || message.At > seen.At)
            {
                newest[key] = message;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var eventIds = newest.Keys.Select(key => key.EventId).Distinct(StringComparer.Ordinal).ToArray();
        var rows = (await db.EventDeliveries.Where(d => eventIds.Contains(d.EventId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(d => (d.EventId, d.PublishRelay, d.Attempt));
        foreach (var (key, message) in newest)
        {
            var at = message.At.ToUniversalTime();
            if (!rows.TryGetValue(key, out var row))
            {
                row = new EventDelivery { EventId = message.EventId, PublishRelay = message.PublishRelay, Outcome = string.Empty, Attempt = message.Attempt };
                db.EventDeliveries.Add(row);
            }
            else if (at <= row.At)
            {
                continue;
            }

            row.Outcome = PersistenceNames.Outcome(message.Outcome);
            row.Message = message.Message;
            row.At = at;
            row.RetryAt = message.RetryAt?.ToUniversalTime();
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
