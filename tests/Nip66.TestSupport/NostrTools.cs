using System.Text.Json;
using System.Text.Json.Nodes;
using Nip66.Nostr;

namespace Nip66.TestSupport;

/// <summary>The reference client library (nostr-tools, via tests/relays) as an oracle for ids and signatures.</summary>
public static class NostrTools
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>nostr-tools' verifyEvent for each event, in order.</summary>
    public static async Task<bool[]> VerifyAsync(params NostrEvent[] events)
    {
        var input = "{\"events\":[" + string.Join(',', events.Select(e => e.ToJson())) + "],\"sign\":[]}";
        var output = JsonNode.Parse(await NodeScript.RunAsync("crosscheck.mjs", input, Timeout))!;
        return output["events"]!.AsArray().Select(e => e!["verified"]!.GetValue<bool>()).ToArray();
    }

    /// <summary>The events a relay returns for a filter, each with nostr-tools' verdict on it.</summary>
    public static async Task<IReadOnlyList<(NostrEvent Event, bool Verified)>> QueryAsync(string relayUrl, string filterJson)
    {
        var output = await NodeScript.RunAsync("query.mjs", null, Timeout, relayUrl, filterJson);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.EnumerateArray()
            .Select(e => (EventParser.Parse(e), e.GetProperty("verified").GetBoolean()))
            .ToArray();
    }

    /// <summary>
    /// Signs each draft with a new key (nostr-tools' finalizeEvent) and publishes them to a relay, one at a time, each
    /// accepted before the next; returns the signed events in order.
    /// </summary>
    public static Task<IReadOnlyList<NostrEvent>> SeedAsync(string relayUrl, IEnumerable<UnsignedEvent> drafts) =>
        SeedAsync(relayUrl, drafts.Select(d => (d, (string?)null)));

    /// <summary>
    /// <see cref="SeedAsync(string, IEnumerable{UnsignedEvent})"/> with the author's secret key (32 bytes, hex) given
    /// per draft, so that one author can publish several events; a null key is a new one.
    /// </summary>
    public static async Task<IReadOnlyList<NostrEvent>> SeedAsync(string relayUrl, IEnumerable<(UnsignedEvent Draft, string? SecretKey)> drafts)
    {
        var input = JsonSerializer.Serialize(drafts.Select(d => new { created_at = d.Draft.CreatedAt, kind = d.Draft.Kind, tags = d.Draft.Tags, content = d.Draft.Content, secretKey = d.SecretKey }));
        var output = await NodeScript.RunAsync("seed.mjs", input, Timeout, relayUrl);
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.EnumerateArray().Select(EventParser.Parse).ToArray();
    }
}
