using MassTransit;

namespace Nip66.Pipeline.Tests.Publishing;

/// <summary>Counts the messages of one type a bus has published, for waiting until work downstream is done.</summary>
public sealed class PublishCounter<TMessage> : IPublishObserver
    where TMessage : class
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.Message is TMessage)
        {
            Interlocked.Increment(ref count);
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
