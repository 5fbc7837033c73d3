using System.Globalization;
using System.Text;
using System.Text.Json;
using Nip66.Nostr;

namespace Nip66.LoadHarness;

/// <summary>
/// Signed events for the discovery benchmark, shaped like the network's: most are kind 10002 (one per author), then
/// kind 3 relay maps, 30002 relay sets and a few monitors' 30166 with their 10166. The URLs come from a pool where a
/// few relays are named by many authors (a power law), in several spellings, with private targets, a farm of
/// subdomains on one host, and texts that are no relay URL; a share of events is malformed. Deterministic for a seed.
/// </summary>
public static class DiscoverySeed
{
    /// <summary>Writes <paramref name="count"/> events, one JSON per line, to <paramref name="path"/>; returns how many of each kind.</summary>
    public static IReadOnlyDictionary<int, int> Write(string path, int count, int seed = 66)
    {
        var random = new Random(seed);
        var pool = UrlPool(random, Math.Max(1_000, count / 5));
        var monitors = Enumerable.Range(0, 20).Select(_ => NostrKeys.Generate()).ToArray();
        var kinds = new Dictionary<int, int>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        foreach (var monitor in monitors)
        {
            Emit(new UnsignedEvent(now - random.Next(86_400), 10166, [["frequency", "3600"], ["c", "open"], ["timeout", "open", "5000"]], string.Empty).Sign(monitor));
        }

        for (var i = monitors.Length; i < count; i++)
        {
            var createdAt = now - random.Next(365 * 86_400);
            var roll = random.Next(100);
            var e = roll switch
            {
                < 60 => new UnsignedEvent(createdAt, 10002, [.. Urls(random, pool, 2, 8).Select(u => (IReadOnlyList<string>)(random.Next(3) switch { 0 => ["r", u], 1 => ["r", u, "read"], _ => ["r", u, "write"] }))], string.Empty),
                < 85 => new UnsignedEvent(createdAt, 3, [], ContactsContent(random, pool)),
                < 95 => new UnsignedEvent(createdAt, 30002, [["d", $"set-{i}"], .. Urls(random, pool, 1, 6).Select(u => (IReadOnlyList<string>)["relay", u])], string.Empty),
                _ => new UnsignedEvent(createdAt, 30166, [["d", Urls(random, pool, 1, 1)[0]], ["rtt-open", random.Next(20, 900).ToString(CultureInfo.InvariantCulture)]], string.Empty),
            };
            var author = e.Kind == 30166 ? monitors[random.Next(monitors.Length)] : NostrKeys.Generate();
            var signed = e.Sign(author);
            // One in 200 is malformed as relays serve them: a signature that does not verify.
            Emit(random.Next(200) == 0 ? signed with { Sig = new string('0', 128) } : signed);
        }

        return kinds;

        void Emit(NostrEvent e)
        {
            writer.WriteLine(e.ToJson());
            kinds[e.Kind] = kinds.GetValueOrDefault(e.Kind) + 1;
        }
    }

    /// <summary>The relays of the seeded network: each entry in the spelling its next mention uses.</summary>
    static string[] UrlPool(Random random, int size)
    {
        var pool = new string[size];
        for (var i = 0; i < size; i++)
        {
            pool[i] = (i % 50) switch
            {
                0 => $"ws://192.168.{random.Next(256)}.{random.Next(1, 255)}:7777",
                1 => "ws://localhost:" + random.Next(1024, 65535).ToString(CultureInfo.InvariantCulture),
                2 => $"wss://shard{i}.relay-farm.net/",
                3 => $"https://relay.host{i}.net",
                4 => $"wss://Relay.Host{i}.ORG:443",
                5 => "javascript:alert(" + i.ToString(CultureInfo.InvariantCulture) + ")",
                _ => $"wss://relay.host{i}.com" + (i % 3 == 0 ? "/" : string.Empty),
            };
        }

        return pool;
    }

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> URLs, the low indexes far more often (a few relays everyone names).</summary>
    static string[] Urls(Random random, string[] pool, int min, int max) =>
        [.. Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => pool[(int)(pool.Length * Math.Pow(random.NextDouble(), 3))])];

    static string ContactsContent(Random random, string[] pool)
    {
        var map = Urls(random, pool, 1, 6).Distinct().ToDictionary(u => u, _ => new { read = true, write = random.Next(2) == 0 });
        return random.Next(100) == 0 ? "{not json" : JsonSerializer.Serialize(map);
    }
}
