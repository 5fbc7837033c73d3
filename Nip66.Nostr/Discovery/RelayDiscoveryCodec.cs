using System.Globalization;

namespace Nip66.Nostr.Discovery;

/// <summary>
/// Kind 30166 in both directions. Every tag of the kind is written here and nowhere else, and every event written
/// fits <see cref="SignedEventSize.MaxBytes"/>: the repeatable tags that come from the relay's own claims are capped
/// (<see cref="MaxSupportedNips"/> <c>N</c>, <see cref="MaxTopics"/> <c>t</c> of at most
/// <see cref="MaxTopicChars"/> characters, and <see cref="MaxLanguages"/> <c>l</c>), the
/// tags stay within <see cref="DiscoveryContent.TagsBudgetBytes"/>, and the content is fitted by
/// <see cref="DiscoveryContent.Fit"/>.
/// </summary>
public static class RelayDiscoveryCodec
{
    public const int MaxSupportedNips = 200;
    public const int MaxTopics = 32;
    public const int MaxTopicChars = 64;
    public const int MaxLanguages = 16;

    private const string LanguageNamespace = "ISO-639-1";

    /// <summary>Repeatable tags removed (last first) while capped tags still exceed their budget, which takes long escaped values.</summary>
    private static readonly string[] TrimmedFirst = ["t", "l", "N"];

    /// <summary>The event, content fitted; throws only when the tags alone cannot fit (a relay URL of many kilobytes).</summary>
    public static UnsignedEvent ToEvent(RelayDiscovery discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        var tags = Tags(discovery);
        foreach (var name in TrimmedFirst)
        {
            int last;
            while (SignedEventSize.OfTags(tags) > DiscoveryContent.TagsBudgetBytes && (last = tags.FindLastIndex(t => t[0] == name)) >= 0)
            {
                tags.RemoveAt(last);
            }
        }

        var tagBytes = SignedEventSize.OfTags(tags);
        if (tagBytes > DiscoveryContent.TagsBudgetBytes)
        {
            throw new InvalidOperationException($"a 30166 needs {tagBytes} bytes of tags, over their {DiscoveryContent.TagsBudgetBytes}: is the relay URL ({discovery.Relay.Length} characters) a real one?");
        }

        return new UnsignedEvent(discovery.CreatedAt, RelayDiscovery.Kind, tags, DiscoveryContent.Fit(discovery.Content).Json);
    }

    private static List<IReadOnlyList<string>> Tags(RelayDiscovery discovery)
    {
        var tags = new List<IReadOnlyList<string>> { new[] { "d", discovery.Relay } };
        AddRtt(tags, "rtt-open", discovery.RttOpen);
        AddRtt(tags, "rtt-read", discovery.RttRead);
        AddRtt(tags, "rtt-write", discovery.RttWrite);
        if (discovery.Network is { } network)
        {
            tags.Add(["n", NetworkName(network)]);
        }

        tags.AddRange(discovery.RelayTypes.Distinct().Select(t => new[] { "T", t }));
        tags.AddRange(discovery.SupportedNips.Distinct().Order().Take(MaxSupportedNips).Select(n => new[] { "N", n.ToString(CultureInfo.InvariantCulture) }));
        tags.AddRange(discovery.Requirements.DistinctBy(r => r.Name).Select(r => new[] { "R", r.ToString() }));
        tags.AddRange(discovery.Topics.Where(t => t.Length <= MaxTopicChars).Distinct().Take(MaxTopics).Select(t => new[] { "t", t }));
        var languages = discovery.Languages.Distinct().Take(MaxLanguages).ToArray();
        if (languages.Length > 0)
        {
            tags.Add(["L", LanguageNamespace]);
            tags.AddRange(languages.Select(l => new[] { "l", l, LanguageNamespace }));
        }

        return tags;
    }

    /// <summary>Reads our events and other monitors': fractional or padded numbers are accepted and rounded.</summary>
    public static RelayDiscovery Parse(NostrEvent e)
    {
        if (e.Kind != RelayDiscovery.Kind)
        {
            throw new FormatException($"expected kind {RelayDiscovery.Kind}, got {e.Kind}");
        }

        var relay = e.TagValue("d") ?? throw new FormatException("kind 30166 event has no d tag");
        return new RelayDiscovery
        {
            Relay = relay,
            CreatedAt = e.CreatedAt,
            RttOpen = ParseNumber(e.TagValue("rtt-open")),
            RttRead = ParseNumber(e.TagValue("rtt-read")),
            RttWrite = ParseNumber(e.TagValue("rtt-write")),
            Network = e.TagValue("n") is { } n ? ParseNetwork(n) : null,
            RelayTypes = e.TagValues("T").ToArray(),
            SupportedNips = e.TagValues("N").Select(ParseNumber).OfType<int>().ToArray(),
            Requirements = e.TagValues("R").Where(r => r.Length > 0)
                .Select(r => r.StartsWith('!') ? new Requirement(r[1..], false) : new Requirement(r, true)).ToArray(),
            Topics = e.TagValues("t").ToArray(),
            Languages = e.Tags.Where(t => t.Count > 2 && t[0] == "l" && t[2] == LanguageNamespace).Select(t => t[1]).ToArray(),
            Content = e.Content,
        };
    }

    public static string NetworkName(RelayNetwork network) => network.ToString().ToLowerInvariant();

    private static void AddRtt(List<IReadOnlyList<string>> tags, string name, int? milliseconds)
    {
        if (milliseconds is { } ms)
        {
            tags.Add([name, ms.ToString(CultureInfo.InvariantCulture)]);
        }
    }

    private static RelayNetwork? ParseNetwork(string value) =>
        Enum.TryParse<RelayNetwork>(value, ignoreCase: true, out var network) ? network : null;

    internal static int? ParseNumber(string? value) =>
        double.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
        number is >= int.MinValue and <= int.MaxValue
            ? (int)Math.Round(number)
            : null;
}
