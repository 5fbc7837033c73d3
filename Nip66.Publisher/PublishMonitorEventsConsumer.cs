using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Nostr.Discovery;

namespace Nip66.Publisher;

/// <summary>
/// Signs and dispatches the monitor's own events: 10166 announcement, kind 0 profile, 10002 relay list. The scheduler
/// asks at start and then every hour; each event is signed again only when it differs from the one last announced (the
/// configuration behind it, the key or the publish relays changed) or that one is <see cref="RepublishAfter"/> old, so
/// all three go out at least once a day. The <see cref="IMonitorEventLedger"/> remembers what went out and when, which
/// also keeps each kind's created_at strictly increasing.
/// </summary>
public sealed class PublishMonitorEventsConsumer(NostrKeys keys, PublisherOptions options, IMonitorEventLedger ledger, TimeProvider time)
    : IConsumer<PublishMonitorEvents>
{
    /// <summary>With the scheduler's hourly ask, an unchanged event is re-signed within 24 hours of the last one.</summary>
    public static readonly TimeSpan RepublishAfter = TimeSpan.FromHours(23);

    public async Task Consume(ConsumeContext<PublishMonitorEvents> context)
    {
        var now = time.GetUtcNow();
        foreach (var draft in Drafts(context.Message, now.ToUnixTimeSeconds()))
        {
            var fingerprint = Fingerprint(draft);
            var last = await ledger.LastAsync(draft.Kind);
            if (last is not null && last.Fingerprint == fingerprint && now - last.At < RepublishAfter)
            {
                continue;
            }

            // Replaceable kinds: a successor signed in the same second could lose the lowest-id tie-break.
            var createdAt = Math.Max(draft.CreatedAt, last is null ? 0 : last.At.ToUnixTimeSeconds() + 1);
            var signed = SignedEventSize.Require(draft with { CreatedAt = createdAt }).Sign(keys);
            await EventDispatch.DispatchAsync(context, signed, options, relay: null, cycleId: null);
            await ledger.RecordAsync(draft.Kind, new MonitorEventRecord(fingerprint, DateTimeOffset.FromUnixTimeSeconds(createdAt)));
        }
    }

    private UnsignedEvent[] Drafts(PublishMonitorEvents m, long now) =>
    [
        MonitorAnnouncementCodec.ToEvent(new MonitorAnnouncement
        {
            CreatedAt = now,
            FrequencySeconds = m.FrequencySeconds,
            Timeouts = [.. m.Checks.Where(m.TimeoutsMs.ContainsKey).Select(c => new CheckTimeout(c.Name(), m.TimeoutsMs[c]))],
            Checks = [.. m.Checks.Select(c => c.Name())],
            Geohashes = m.Geohashes,
        }),
        new MonitorProfile { Name = m.Name, About = m.About, Website = m.Website }.ToEvent(now),
        new RelayListMetadata(options.PublishRelays).ToEvent(now),
    ];

    /// <summary>The event as signed but for its created_at, and where it goes: what a change of config changes.</summary>
    private string Fingerprint(UnsignedEvent draft)
    {
        var text = NostrJson.CanonicalToString(keys.PublicKeyHex, 0, draft.Kind, draft.Tags, draft.Content) + "\n" +
            string.Join(' ', options.PublishRelays.Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
