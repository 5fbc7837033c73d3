using System.Collections.Concurrent;

namespace Nip66.Scheduler.Sagas;

/// <summary>
/// The <see cref="IVersionedSagaStore"/> semantics in process memory, for the embedded mode and for tests. Expired
/// entries are dropped when touched, and swept at most once a minute on inserts.
/// </summary>
public sealed class InMemorySagaStore : IVersionedSagaStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();
    private readonly TimeSpan? expiry;
    private readonly TimeProvider clock;
    private long conflicts;
    private long lastSweepTicks;

    public InMemorySagaStore(TimeSpan? expiry = null, TimeProvider? clock = null)
    {
        if (expiry is { } e && e <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), e, "The saga expiry must be positive, or null for no expiry.");
        }

        this.expiry = expiry;
        this.clock = clock ?? TimeProvider.System;
        lastSweepTicks = this.clock.GetUtcNow().UtcTicks;
    }

    public long ConflictCount => Interlocked.Read(ref conflicts);

    /// <summary>Number of sagas held, expired ones not yet swept included.</summary>
    public int Count => entries.Count;

    /// <summary>When the saga expires, or null when it is absent or never expires.</summary>
    public DateTimeOffset? ExpiresAt(Guid correlationId) => TryGetLive(correlationId, out var entry) ? entry.ExpiresAt : null;

    public Task<VersionedSagaDocument?> GetAsync(Guid correlationId) =>
        Task.FromResult<VersionedSagaDocument?>(TryGetLive(correlationId, out var entry) ? new VersionedSagaDocument(entry.Json, entry.Version) : null);

    public Task<bool> TryInsertAsync(Guid correlationId, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        SweepIfDue();

        var fresh = NewEntry(json, 1);
        while (true)
        {
            if (entries.TryAdd(correlationId, fresh))
            {
                return Task.FromResult(true);
            }

            if (TryGetLive(correlationId, out _))
            {
                return Conflict();
            }

            // The one present had expired and TryGetLive removed it (or someone else did): try again.
        }
    }

    public Task<bool> TryUpdateAsync(Guid correlationId, string json, int expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!TryGetLive(correlationId, out var current) || current.Version != expectedVersion)
        {
            return Conflict();
        }

        // Entries are compared by reference: any write in between replaced the entry, so this fails as it should.
        return entries.TryUpdate(correlationId, NewEntry(json, expectedVersion + 1), current) ? Task.FromResult(true) : Conflict();
    }

    public Task<bool> TryDeleteAsync(Guid correlationId, int? expectedVersion = null)
    {
        if (!TryGetLive(correlationId, out var current))
        {
            return expectedVersion is null ? Task.FromResult(false) : Conflict();
        }

        if (expectedVersion is { } expected && current.Version != expected)
        {
            return Conflict();
        }

        return entries.TryRemove(new KeyValuePair<Guid, Entry>(correlationId, current))
            ? Task.FromResult(true)
            : expectedVersion is null ? Task.FromResult(false) : Conflict();
    }

    private Entry NewEntry(string json, int version) => new(json, version, expiry is { } ttl ? clock.GetUtcNow() + ttl : null);

    private bool TryGetLive(Guid correlationId, out Entry entry)
    {
        if (!entries.TryGetValue(correlationId, out entry!))
        {
            return false;
        }

        if (entry.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow())
        {
            entries.TryRemove(new KeyValuePair<Guid, Entry>(correlationId, entry));
            return false;
        }

        return true;
    }

    private Task<bool> Conflict()
    {
        Interlocked.Increment(ref conflicts);
        return Task.FromResult(false);
    }

    private void SweepIfDue()
    {
        if (expiry is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var last = Interlocked.Read(ref lastSweepTicks);
        if (now.UtcTicks - last < SweepInterval.Ticks || Interlocked.CompareExchange(ref lastSweepTicks, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var pair in entries)
        {
            if (pair.Value.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                entries.TryRemove(pair);
            }
        }
    }

    /// <summary>Immutable, compared by reference: the compare-and-set token.</summary>
    private sealed class Entry(string json, int version, DateTimeOffset? expiresAt)
    {
        public string Json { get; } = json;

        public int Version { get; } = version;

        public DateTimeOffset? ExpiresAt { get; } = expiresAt;
    }
}
