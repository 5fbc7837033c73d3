using System.Globalization;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Nip66.Persistence.Consumers;

/// <summary>
/// Keeps one bad row from costing its batch: a batch whose save the database refuses for what a row holds (a data
/// or constraint error) is saved again one message at a time, and a message that the database still refuses alone is
/// sent, alone, to the endpoint's error queue with the database's reason in its fault headers. The rest are stored.
/// A failure of the database itself (down, timed out, busy) still fails the whole batch, which the retry takes again.
/// </summary>
public static partial class PoisonRows
{
    /// <summary>Suffix MassTransit gives the error queue of a receive endpoint.</summary>
    public const string ErrorQueueSuffix = "_error";

    /// <summary>Saves <paramref name="batch"/> with <paramref name="save"/>, isolating the rows the database refuses.</summary>
    public static async Task SaveAsync<T>(
        Batch<T> batch,
        Func<IReadOnlyList<ConsumeContext<T>>, CancellationToken, Task> save,
        ILogger logger,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(save);
        var messages = batch.ToList();
        try
        {
            await save(messages, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (IsRowError(e) && messages.Count > 1)
        {
            LogIsolating(logger, e, messages.Count, typeof(T).Name);
        }
        catch (Exception e) when (IsRowError(e))
        {
            await SendToErrorQueueAsync(messages[0], e, logger).ConfigureAwait(false);
            return;
        }

        foreach (var message in messages)
        {
            try
            {
                await save([message], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRowError(e))
            {
                await SendToErrorQueueAsync(message, e, logger).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True when the database refused a value rather than failed: PostgreSQL's data exceptions (class 22: bad
    /// encoding, a value too long), integrity violations (23) and program limits (54); SQLite's constraint, too-big
    /// and mismatch errors; and what Npgsql refuses before sending (strict UTF-8 encoding, a value it cannot write).
    /// </summary>
    public static bool IsRowError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("22", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("23", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("54", StringComparison.Ordinal);
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode is SqliteConstraint or SqliteTooBig or SqliteMismatch;
                case ArgumentException or InvalidCastException:
                    return true;
            }
        }

        return false;
    }

    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;

    private static async Task SendToErrorQueueAsync<T>(ConsumeContext<T> message, Exception reason, ILogger logger)
        where T : class
    {
        var input = message.ReceiveContext.InputAddress;
        var queue = input.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? input.ToString();
        var errorQueue = new Uri($"queue:{queue}{ErrorQueueSuffix}");
        LogPoisonRow(logger, reason, typeof(T).Name, message.MessageId, errorQueue);
        var endpoint = await message.GetSendEndpoint(errorQueue).ConfigureAwait(false);
        await endpoint.Send(message.Message, context =>
        {
            context.CorrelationId = message.CorrelationId;
            context.Headers.Set(MessageHeaders.Reason, "fault");
            context.Headers.Set(MessageHeaders.FaultMessage, Describe(reason));
            context.Headers.Set(MessageHeaders.FaultExceptionType, reason.GetBaseException().GetType().FullName);
            context.Headers.Set(MessageHeaders.FaultInputAddress, input.ToString());
            context.Headers.Set(MessageHeaders.FaultTimestamp, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            context.Headers.Set(MessageHeaders.OriginalMessageId, message.MessageId?.ToString());
        }, message.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>The database's own words (EF Core's wrapper says only "see the inner exception").</summary>
    private static string Describe(Exception reason) => reason.GetBaseException().Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database refused a row of a batch of {Count} {MessageType}: saving them one at a time")]
    private static partial void LogIsolating(ILogger logger, Exception exception, int count, string messageType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The database refused {MessageType} {MessageId} on its own; sent to {ErrorQueue}")]
    private static partial void LogPoisonRow(ILogger logger, Exception exception, string messageType, Guid? messageId, Uri errorQueue);
}
