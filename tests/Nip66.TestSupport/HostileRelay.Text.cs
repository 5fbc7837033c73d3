namespace Nip66.TestSupport;

/// <summary>
/// Working relays whose text is hostile: NUL and unpaired surrogates (JSON may spell both, JavaScript relays send
/// them), a reason that a 300-unit cut would split through an emoji, a 200 KB NIP-11, numbers where NIP-11 wants text.
/// </summary>
public sealed partial class HostileRelay
{
    /// <summary>The reason is cut at 300 UTF-16 units: here unit 299 is the first half of an emoji.</summary>
    public const string EmojiCutPrefix = "blocked: ";

    /// <summary>Size of the description of <c>big-nip11</c>: under the 256 KiB cap of the NIP-11 client.</summary>
    public const int BigNip11DescriptionLength = 200 * 1024;

    /// <summary>Refuses the write probe with this reason, written as JSON (escapes as sent on the wire).</summary>
    private static readonly Dictionary<string, string> OkReasons = new(StringComparer.Ordinal)
    {
        ["nul-reason"] = "\"blocked: a\\u0000b\"",
        ["surrogate-reason"] = "\"blocked: \\ud800 alone\"",
        ["emoji-cut-reason"] = "\"" + EmojiCutPrefix + new string('x', 290) + string.Concat(Enumerable.Repeat("\U0001F600", 20)) + "\"",
    };

    /// <summary>Serves this NIP-11 document; the WebSocket side works.</summary>
    private static readonly Dictionary<string, string> Nip11Bodies = new(StringComparer.Ordinal)
    {
        ["nul-nip11"] = """{"name":"a\u0000b","description":"nul\u0000inside","k\u0000ey":"value","supported_nips":[1,11]}""",
        ["surrogate-nip11"] = """{"name":"\ud800","description":"low \udc00 then high \ud83d","\ud800key":["\udfff"],"supported_nips":[1,11]}""",
        ["big-nip11"] = $$"""{"name":"big","description":"{{new string('d', BigNip11DescriptionLength)}}","supported_nips":[1,11]}""",
        ["typed-nip11"] = """{"name":42,"description":{"text":"x"},"supported_nips":["11",1.5,"x"],"limitation":{"auth_required":"no"}}""",
    };

    /// <summary>Relays that refuse the write probe with a hostile reason.</summary>
    public static IReadOnlyList<string> HostileReasons { get; } = [.. OkReasons.Keys];

    /// <summary>Relays that serve a hostile NIP-11 document.</summary>
    public static IReadOnlyList<string> HostileNip11s { get; } = [.. Nip11Bodies.Keys];
}
