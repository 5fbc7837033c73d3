using System.Buffers;

namespace Nip66.Nostr;

public static class EventBuilder
{
    /// <summary>Computes the NIP-01 id of the event as the given author would publish it.</summary>
    public static byte[] ComputeId(string pubKey, long createdAt, int kind,
        IReadOnlyList<IReadOnlyList<string>> tags, string content)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        NostrJson.WriteCanonical(buffer, pubKey, createdAt, kind, tags, content);
        return System.Security.Cryptography.SHA256.HashData(buffer.WrittenSpan);
    }

    public static NostrEvent Sign(this UnsignedEvent draft, NostrKeys keys, ReadOnlySpan<byte> aux32 = default)
    {
        var id = ComputeId(keys.PublicKeyHex, draft.CreatedAt, draft.Kind, draft.Tags, draft.Content);
        var sig = keys.Sign(id, aux32);
        return new NostrEvent(Hex.Encode(id), keys.PublicKeyHex, draft.CreatedAt, draft.Kind,
            draft.Tags, draft.Content, Hex.Encode(sig));
    }
}
