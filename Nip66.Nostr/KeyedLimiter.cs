namespace Nip66.Nostr;

/// <summary>
/// A semaphore per key with a fixed number of slots, created on first use and dropped when unused so memory stays
/// flat however many keys pass through. Under <see cref="AddressLimiter"/> and the checker's per-host limiter.
/// </summary>
public sealed class KeyedLimiter<TKey>(int slotsPerKey, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> entries = new(comparer);

    public int SlotsPerKey { get; } = slotsPerKey > 0 ? slotsPerKey : throw new ArgumentOutOfRangeException(nameof(slotsPerKey), "must be at least 1");

    /// <summary>Keys with a holder or a waiter.</summary>
    public int ActiveKeys
    {
        get
        {
            lock (entries)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Waits for a slot of <paramref name="key"/>; disposing the lease gives it back (once).</summary>
    public async Task<IDisposable> EnterAsync(TKey key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (entries)
        {
            if (!entries.TryGetValue(key, out entry!))
            {
                entries[key] = entry = new Entry(SlotsPerKey);
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }

        return new Lease(() => Leave(key, entry, release: true));
    }

    private void Leave(TKey key, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }

        lock (entries)
        {
            if (--entry.Users == 0)
            {
                entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry(int slots)
    {
        public SemaphoreSlim Semaphore { get; } = new(slots, slots);

        public int Users { get; set; }
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? release = release;

        public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
    }
}
