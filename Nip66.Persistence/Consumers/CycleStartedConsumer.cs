using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>Inserts the cycles row; a redelivered <see cref="CycleStarted"/> changes nothing.</summary>
public sealed class CycleStartedConsumer(IDbContextFactory<MonitorDbContext> dbFactory) : IConsumer<CycleStarted>
{
    public async Task Consume(ConsumeContext<CycleStarted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        if (await db.Cycles.AnyAsync(c => c.Id == message.CycleId, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        db.Cycles.Add(new Cycle
        {
            Id = message.CycleId,
            StartedAt = message.StartedAt.ToUniversalTime(),
            Deadline = message.Deadline.ToUniversalTime(),
            Expected = message.ExpectedCount,
            RelayUrlsJson = JsonSerializer.Serialize(message.RelayUrls, PersistenceNames.Json),
        });
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
