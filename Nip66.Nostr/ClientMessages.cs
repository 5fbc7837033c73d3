using System.Buffers;
using System.Text;

namespace Nip66.Nostr;

/// <summary>Messages a client sends (NIP-01, NIP-42), written with the same escaper as event ids.</summary>
public static class ClientMessages
{
    public static byte[] Event(NostrEvent e) => Write(buffer =>
    {
        NostrJson.WriteRaw(buffer, "[\"EVENT\","u8);
        NostrJson.WriteEvent(buffer, e);
        NostrJson.WriteRaw(buffer, "]"u8);
    });

    /// <summary>
    /// An <c>EVENT</c> around an event already serialized by <see cref="NostrEvent.ToJson"/>, taken byte for byte
    /// (never parsed and written again), so what was signed is exactly what is sent.
    /// </summary>
    public static byte[] Event(string signedEventJson)
    {
        ArgumentNullException.ThrowIfNull(signedEventJson);
        return Write(buffer =>
        {
            NostrJson.WriteRaw(buffer, "[\"EVENT\","u8);
            var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(signedEventJson.Length));
            buffer.Advance(Encoding.UTF8.GetBytes(signedEventJson, span));
            NostrJson.WriteRaw(buffer, "]"u8);
        });
    }

    public static byte[] Auth(NostrEvent e) => Write(buffer =>
    {
        NostrJson.WriteRaw(buffer, "[\"AUTH\","u8);
        NostrJson.WriteEvent(buffer, e);
        NostrJson.WriteRaw(buffer, "]"u8);
    });

    public static byte[] Close(string subscriptionId) => Write(buffer =>
    {
        NostrJson.WriteRaw(buffer, "[\"CLOSE\","u8);
        NostrJson.WriteString(buffer, subscriptionId);
        NostrJson.WriteRaw(buffer, "]"u8);
    });

    public static byte[] Req(string subscriptionId, params IReadOnlyList<Filter> filters) => Write(buffer =>
    {
        NostrJson.WriteRaw(buffer, "[\"REQ\","u8);
        NostrJson.WriteString(buffer, subscriptionId);
        foreach (var filter in filters)
        {
            NostrJson.WriteRaw(buffer, ","u8);
            WriteFilter(buffer, filter);
        }

        NostrJson.WriteRaw(buffer, "]"u8);
    });

    private static void WriteFilter(ArrayBufferWriter<byte> buffer, Filter filter)
    {
        var first = true;
        void Name(string name)
        {
            NostrJson.WriteRaw(buffer, first ? "{"u8 : ","u8);
            first = false;
            NostrJson.WriteString(buffer, name);
            NostrJson.WriteRaw(buffer, ":"u8);
        }

        void Integer(string name, long? value)
        {
            if (value is { } v)
            {
                Name(name);
                NostrJson.WriteInteger(buffer, v);
            }
        }

        if (filter.Ids is { } ids)
        {
            Name("ids");
            NostrJson.WriteStringArray(buffer, ids);
        }

        if (filter.Authors is { } authors)
        {
            Name("authors");
            NostrJson.WriteStringArray(buffer, authors);
        }

        if (filter.Kinds is { } kinds)
        {
            Name("kinds");
            NostrJson.WriteRaw(buffer, "["u8);
            for (var i = 0; i < kinds.Count; i++)
            {
                if (i > 0)
                {
                    NostrJson.WriteRaw(buffer, ","u8);
                }

                NostrJson.WriteInteger(buffer, kinds[i]);
            }

            NostrJson.WriteRaw(buffer, "]"u8);
        }

        foreach (var (letter, values) in filter.Tags ?? new Dictionary<char, IReadOnlyList<string>>())
        {
            Name("#" + letter);
            NostrJson.WriteStringArray(buffer, values);
        }

        Integer("since", filter.Since);
        Integer("until", filter.Until);
        Integer("limit", filter.Limit);
        NostrJson.WriteRaw(buffer, first ? "{}"u8 : "}"u8);
    }

    private static byte[] Write(Action<ArrayBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
