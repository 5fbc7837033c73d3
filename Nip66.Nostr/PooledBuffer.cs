using System.Buffers;

namespace Nip66.Nostr;

/// <summary>Buffers for what a relay sends, rented from the shared pool and grown by doubling up to a cap.</summary>
internal static class PooledBuffer
{
    /// <summary>What a read starts with: most frames and NIP-11 documents fit.</summary>
    public const int InitialSize = 16 * 1024;

    /// <summary>
    /// Replaces <paramref name="buffer"/> with one twice as long, at most <paramref name="cap"/>, holding its first
    /// <paramref name="used"/> bytes; the old one goes back to the pool.
    /// </summary>
    public static void Grow(ref byte[] buffer, int used, int cap)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, cap));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
