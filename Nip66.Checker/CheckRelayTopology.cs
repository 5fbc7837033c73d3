using Nip66.Contracts;
using RabbitMQ.Client;

namespace Nip66.Checker;

/// <summary>
/// Declares the checkers' priority queue and its exchange the way the checker endpoint does, before the first cycle.
/// Without it, commands sent while no checker has started yet reach an exchange with no queue and are dropped.
/// </summary>
public static class CheckRelayTopology
{
    public static async Task DeclareAsync(Uri broker, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "nip66-topology" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var queue = QueueNames.CheckRelay;
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            new Dictionary<string, object?> { ["x-max-priority"] = (int)QueueNames.CheckRelayMaxPriority }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.QueueBindAsync(queue, queue, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
