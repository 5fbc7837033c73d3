using System.Collections.Concurrent;
using System.Globalization;

namespace Nip66.TestSupport;

/// <summary>
/// A publish relay that refuses: path <c>refuse-N-PREFIX</c> answers the first N EVENTs of each event id with
/// <c>OK false "PREFIX: ..."</c> and accepts the next (<c>refuse-2-rate-limited</c>); <c>refuse-always-PREFIX</c>
/// never accepts (<c>refuse-always-blocked</c>). It counts the EVENTs it was sent, per path.
/// </summary>
public sealed partial class HostileRelay
{
    private const string RefusePrefix = "refuse-";

    private readonly ConcurrentDictionary<(string Path, string EventId), int> refusalsSent = new();
    private readonly ConcurrentDictionary<string, int> eventsReceived = new(StringComparer.Ordinal);

    /// <summary>The EVENT messages a <c>refuse-...</c> path has received, retries included.</summary>
    public int EventsReceived(string behaviour) => eventsReceived.GetValueOrDefault(behaviour);

    private static bool IsRefusing(string behaviour) => behaviour.StartsWith(RefusePrefix, StringComparison.Ordinal);

    /// <summary>The OK frame for one EVENT sent to a <c>refuse-...</c> path.</summary>
    private string RefusalAnswer(string behaviour, string eventId)
    {
        eventsReceived.AddOrUpdate(behaviour, 1, (_, n) => n + 1);
        var rest = behaviour[RefusePrefix.Length..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        var (count, prefix) = (rest[..dash], rest[(dash + 1)..]);
        var limit = count == "always" ? int.MaxValue : int.Parse(count, CultureInfo.InvariantCulture);
        var refused = refusalsSent.AddOrUpdate((behaviour, eventId), 1, (_, n) => n + 1);
        return refused <= limit
            ? $"[\"OK\",\"{eventId}\",false,\"{prefix}: refused {refused} by the test relay\"]"
            : $"[\"OK\",\"{eventId}\",true,\"\"]";
    }
}
