using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Nip66.Contracts;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Closes the cycles row: counts, completion time, time-out and the missed URLs (the missed cycle indexes mapped
/// through relay_urls_json). Idempotent. When the row is not there yet (CycleStarted is still queued) it throws
/// <see cref="CycleNotFoundException"/> and the retry waits for it.
/// </summary>
public sealed class CycleCompletedConsumer(IDbContextFactory<MonitorDbContext> dbFactory) : IConsumer<CycleCompleted>
{
    public async Task Consume(ConsumeContext<CycleCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        await using var db = await dbFactory.CreateDbContextAsync(context.CancellationToken).ConfigureAwait(false);
        var cycle = await db.Cycles.SingleOrDefaultAsync(c => c.Id == message.CycleId, context.CancellationToken).ConfigureAwait(false)
            ?? throw new CycleNotFoundException(message.CycleId);

        var urls = JsonSerializer.Deserialize<string[]>(cycle.RelayUrlsJson, PersistenceNames.Json) ?? [];
        var missed = message.MissedIndexes
            .Select(i => i >= 0 && i < urls.Length ? urls[i] : $"#{i}")
            .ToList();

        cycle.Expected = message.Expected;
        cycle.Checked = message.Checked;
        cycle.Online = message.Online;
        cycle.Degraded = message.Degraded;
        cycle.Offline = message.Offline;
        cycle.CompletedAt = message.CompletedAt.ToUniversalTime();
        cycle.TimedOut = message.TimedOut;
        cycle.MissedJson = missed.Count == 0 ? null : JsonSerializer.Serialize(missed, PersistenceNames.Json);
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
