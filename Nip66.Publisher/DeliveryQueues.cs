using System.Text;
using Nip66.Contracts;

namespace Nip66.Publisher;

/// <summary>
/// One delivery queue per publish relay, <c>deliver-event-&lt;relay&gt;</c>, named from the relay's host, port and path
/// (<c>wss://relay.example.com/</c> gets <c>deliver-event-relay-example-com</c>), so that a relay that is down holds
/// up only its own deliveries and its backlog shows in the broker under its own name.
/// </summary>
public static class DeliveryQueues
{
    // RabbitMQ allows 255 bytes; the rest is room for MassTransit's _error and _skipped suffixes.
    private const int MaxSlugLength = 200;

    public static string Name(string publishRelay)
    {
        var uri = new Uri(publishRelay);
        var text = uri.IsDefaultPort ? uri.Host + uri.AbsolutePath : $"{uri.Host}:{uri.Port}{uri.AbsolutePath}";
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = slug.ToString().TrimEnd('-');
        return QueueNames.DeliverEventPrefix + (name.Length > MaxSlugLength ? name[..MaxSlugLength] : name);
    }

    /// <summary>Throws when two publish relays would share a queue (they differ only in scheme or punctuation).</summary>
    public static void EnsureDistinct(IReadOnlyList<string> publishRelays)
    {
        ArgumentNullException.ThrowIfNull(publishRelays);
        foreach (var clash in publishRelays.Distinct(StringComparer.Ordinal).GroupBy(Name).Where(g => g.Count() > 1))
        {
            throw new ArgumentException(
                $"PublishRelays: {string.Join(" and ", clash)} would share the delivery queue {clash.Key}; keep one of them",
                nameof(publishRelays));
        }
    }
}
