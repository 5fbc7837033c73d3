using Nip66.Contracts;
using RabbitMQ.Client;

namespace Nip66.Scheduler;

/// <summary>What a distributed scheduler sets up on the broker before its first cycle.</summary>
public static class BrokerTopology
{
    public static async Task PrepareAsync(Uri broker, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "nip66-topology" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await DeclareCheckQueueAsync(channel, cancellationToken).ConfigureAwait(false);
        await RemoveRetiredAsync(channel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The checkers' priority queue and its exchange, declared the way the checker endpoint does. Without them, commands
    /// sent while no checker has started yet reach an exchange with no queue and are dropped.
    /// </summary>
    private static async Task DeclareCheckQueueAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var queue = QueueNames.CheckRelay;
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-max-priority"] = (int)QueueNames.CheckRelayMaxPriority }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, queue, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What an earlier version declared and this one no longer reads: a queue bound to a message exchange keeps a copy of
    /// every message until someone deletes it. RabbitMQ takes the delete of a queue or an exchange that is not there as
    /// done, so this runs on every start.
    /// </summary>
    private static async Task RemoveRetiredAsync(IChannel channel, CancellationToken cancellationToken)
    {
        var retired = QueueNames.RetiredSchedulerRelayChecked;
        await channel.QueueDeleteAsync(retired, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.ExchangeDeleteAsync(retired, ifUnused: false, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
