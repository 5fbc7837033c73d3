using Nip66.Nostr.Discovery;

namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Kind 10166: who is a monitor. Any verified 10166 makes its author one, however its tags are spelled; the frequency
/// is read by <see cref="MonitorAnnouncementCodec"/> (numbers as strings, fractional or padded).
/// </summary>
public static class MonitorSightingParser
{
    public static MonitorSighting Read(VerifiedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var announcement = e.Event;
        if (announcement.Kind != MonitorAnnouncement.Kind)
        {
            throw new ArgumentException($"kind {announcement.Kind} is no monitor announcement ({MonitorAnnouncement.Kind})", nameof(e));
        }

        int? frequency;
        try
        {
            frequency = MonitorAnnouncementCodec.Parse(announcement).FrequencySeconds;
        }
        catch (FormatException)
        {
            frequency = null;
        }

        return new MonitorSighting(announcement.PubKey, announcement.CreatedAt, frequency);
    }
}
