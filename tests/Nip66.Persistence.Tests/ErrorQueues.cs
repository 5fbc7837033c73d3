using System.Collections.Concurrent;
using MassTransit;
using Nip66.Contracts;
using Nip66.Persistence.Consumers;

namespace Nip66.Persistence.Tests;

/// <summary>
/// Listens on the error queues of the checker and persistence endpoints of an in-memory bus and records what lands
/// there, with its fault reason. The listeners bind to nothing, so they see only what is sent to those queues.
/// </summary>
public sealed class ErrorQueues
{
    readonly ConcurrentQueue<ErrorMessage> _messages = new();

    public IReadOnlyList<ErrorMessage> Messages => [.. _messages];

    public void Listen(IInMemoryBusFactoryConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        Listen<RelayChecked>(bus, DefaultEndpointNameFormatter.Instance.Consumer<RelayCheckedBatchConsumer>());
        Listen<NostrEventSigned>(bus, DefaultEndpointNameFormatter.Instance.Consumer<NostrEventSignedConsumer>());
        Listen<CheckRelay>(bus, QueueNames.CheckRelay);
    }

    void Listen<T>(IInMemoryBusFactoryConfigurator bus, string queue)
        where T : class =>
        bus.ReceiveEndpoint(queue + PoisonRows.ErrorQueueSuffix, e =>
        {
            e.ConfigureConsumeTopology = false;
            e.Handler<T>(context =>
            {
                _messages.Enqueue(new ErrorMessage(queue, context.Message, context.Headers.Get<string>(MessageHeaders.FaultMessage)));
                return Task.CompletedTask;
            });
        });
}

