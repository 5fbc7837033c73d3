using System.Globalization;

namespace Nip66.Nostr.Discovery;

public static class MonitorAnnouncementCodec
{
    /// <summary>Writes <c>timeout</c> check-first, as the spec's example and deployed monitors do.</summary>
    public static UnsignedEvent ToEvent(MonitorAnnouncement announcement)
    {
        var tags = new List<IReadOnlyList<string>>
        {
            new[] { "frequency", announcement.FrequencySeconds.ToString(CultureInfo.InvariantCulture) },
        };
        tags.AddRange(announcement.Timeouts.Select(t => new[] { "timeout", t.Check, t.Milliseconds.ToString(CultureInfo.InvariantCulture) }));
        tags.AddRange(announcement.Checks.Distinct().Select(c => new[] { "c", c }));
        tags.AddRange(announcement.Geohashes.Distinct().Select(g => new[] { "g", g }));
        return new UnsignedEvent(announcement.CreatedAt, MonitorAnnouncement.Kind, tags, announcement.Content);
    }

    /// <summary>Accepts both <c>timeout</c> orders: the all-digits element is the milliseconds.</summary>
    public static MonitorAnnouncement Parse(NostrEvent e)
    {
        if (e.Kind != MonitorAnnouncement.Kind)
        {
            throw new FormatException($"expected kind {MonitorAnnouncement.Kind}, got {e.Kind}");
        }

        var timeouts = new List<CheckTimeout>();
        foreach (var tag in e.Tags.Where(t => t.Count >= 2 && t[0] == "timeout"))
        {
            var values = tag.Skip(1).ToArray();
            var number = values.FirstOrDefault(v => RelayDiscoveryCodec.ParseNumber(v) is not null);
            if (number is null)
            {
                continue;
            }

            var check = values.FirstOrDefault(v => v != number) ?? string.Empty;
            timeouts.Add(new CheckTimeout(check, RelayDiscoveryCodec.ParseNumber(number)!.Value));
        }

        return new MonitorAnnouncement
        {
            CreatedAt = e.CreatedAt,
            FrequencySeconds = RelayDiscoveryCodec.ParseNumber(e.TagValue("frequency"))
                ?? throw new FormatException("kind 10166 event has no numeric frequency tag"),
            Timeouts = timeouts,
            Checks = e.TagValues("c").ToArray(),
            Geohashes = e.TagValues("g").ToArray(),
            Content = e.Content,
        };
    }
}
