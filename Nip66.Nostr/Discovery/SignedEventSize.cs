using System.Buffers;

namespace Nip66.Nostr.Discovery;

/// <summary>
/// The one size limit of every event the monitor signs: the whole signed event (<c>{"id":…,"sig":…}</c>) as NIP-01
/// serializes it, in UTF-8 bytes. 64 KiB is strfry's default per-event limit, the smallest among common relays
/// (strfry's messages and nostr-rs-relay's events may be 128 KiB), so an event that fits is accepted everywhere.
/// </summary>
public static class SignedEventSize
{
    public const int MaxBytes = 64 * 1024;

    /// <summary>What <see cref="MaxBytes"/> reads as in notes and errors.</summary>
    public const string MaxText = "64 KiB";

    // Stand-ins of the right length for the fields signing adds, so a draft measures as its signed event will.
    private static readonly string IdOrKey = new('0', 64);
    private static readonly string Signature = new('0', 128);

    /// <summary>Bytes of the signed event this draft becomes (id, pubkey and sig have fixed lengths).</summary>
    public static int Of(UnsignedEvent draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Of(new NostrEvent(IdOrKey, IdOrKey, draft.CreatedAt, draft.Kind, draft.Tags, draft.Content, Signature));
    }

    public static int Of(NostrEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        NostrJson.WriteEvent(buffer, e);
        return buffer.WrittenCount;
    }

    /// <summary>Bytes of the value as a JSON string inside an event: quotes and escapes included.</summary>
    public static int OfString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        NostrJson.WriteString(buffer, value);
        return buffer.WrittenCount;
    }

    /// <summary>Bytes of the <c>tags</c> array of an event.</summary>
    public static int OfTags(IReadOnlyList<IReadOnlyList<string>> tags)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        NostrJson.WriteTags(buffer, tags);
        return buffer.WrittenCount;
    }

    /// <summary>Throws when a draft would sign to more than <see cref="MaxBytes"/>; for events whose size the config decides.</summary>
    public static UnsignedEvent Require(UnsignedEvent draft)
    {
        var size = Of(draft);
        return size <= MaxBytes
            ? draft
            : throw new InvalidOperationException($"a kind {draft.Kind} event would be {size} bytes signed, over the {MaxText} every relay accepts");
    }
}
