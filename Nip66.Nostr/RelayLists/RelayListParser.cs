namespace Nip66.Nostr.RelayLists;

/// <summary>
/// Reads the relay URLs out of one kind of event, leniently: whatever the event holds, the answer is a
/// <see cref="RelayMentions"/>, malformed at worst, never an exception.
/// </summary>
public abstract class RelayListParser
{
    /// <summary>Spam lists name thousands of relays; an honest list names tens.</summary>
    public const int MaxUrlsPerEvent = 1000;

    /// <summary>Browsers stop at about 2,000 characters; no relay URL is longer.</summary>
    public const int MaxUrlChars = 2048;

    /// <summary>The event kinds this parser reads; the first is the current one, any others its legacy forms.</summary>
    public abstract IReadOnlyList<int> Kinds { get; }

    /// <summary>The URLs <paramref name="e"/> mentions; throws only for a kind this parser does not read (the caller's routing).</summary>
    public RelayMentions Read(VerifiedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!Kinds.Contains(e.Event.Kind))
        {
            throw new ArgumentException($"kind {e.Event.Kind} is not read by {GetType().Name} (kinds {string.Join(", ", Kinds)})", nameof(e));
        }

        return Parse(e.Event);
    }

    protected abstract RelayMentions Parse(NostrEvent e);

    /// <summary>The mentions as <see cref="RelayMentions"/>: cleaned, capped, duplicates spelled the same way removed.</summary>
    protected static RelayMentions Collect(IEnumerable<string?> mentions)
    {
        var urls = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var mention in mentions)
        {
            if (string.IsNullOrWhiteSpace(mention) || mention.Length > MaxUrlChars || urls.Count == MaxUrlsPerEvent)
            {
                dropped++;
                continue;
            }

            var url = SafeText.Clean(mention);
            if (seen.Add(url))
            {
                urls.Add(url);
            }
        }

        return new RelayMentions(urls, dropped, null);
    }
}
