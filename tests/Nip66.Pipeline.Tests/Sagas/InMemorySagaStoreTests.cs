using Nip66.Scheduler.Sagas;

namespace Nip66.Pipeline.Tests.Sagas;

public sealed class InMemorySagaStoreTests : VersionedSagaStoreContract
{
    protected override IVersionedSagaStore CreateStore() => new InMemorySagaStore(Expiry);

    [Fact]
    public async Task Every_write_sets_the_expiry()
    {
        var clock = new ManualClock();
        var store = new InMemorySagaStore(Expiry, clock);
        var id = Guid.NewGuid();

        await store.TryInsertAsync(id, "1");
        Assert.Equal(clock.Now + Expiry, store.ExpiresAt(id));

        clock.Now += TimeSpan.FromMinutes(50);
        Assert.True(await store.TryUpdateAsync(id, "2", expectedVersion: 1));
        Assert.Equal(clock.Now + Expiry, store.ExpiresAt(id));

        clock.Now += TimeSpan.FromMinutes(50);
        Assert.False(await store.TryUpdateAsync(id, "stale", expectedVersion: 1));
        Assert.Equal(clock.Now + TimeSpan.FromMinutes(10), store.ExpiresAt(id));
    }

    [Fact]
    public async Task An_expired_saga_is_gone_and_can_be_created_again()
    {
        var clock = new ManualClock();
        var store = new InMemorySagaStore(Expiry, clock);
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");

        clock.Now += Expiry;

        Assert.Null(await store.GetAsync(id));
        Assert.False(await store.TryUpdateAsync(id, "2", expectedVersion: 1));
        Assert.True(await store.TryInsertAsync(id, "new"));
        Assert.Equal(new VersionedSagaDocument("new", 1), await store.GetAsync(id));
    }

    [Fact]
    public async Task Inserts_sweep_expired_sagas_nobody_reads()
    {
        var clock = new ManualClock();
        var store = new InMemorySagaStore(Expiry, clock);
        for (var i = 0; i < 10; i++)
        {
            await store.TryInsertAsync(Guid.NewGuid(), "old");
        }

        clock.Now += Expiry + TimeSpan.FromMinutes(1);
        await store.TryInsertAsync(Guid.NewGuid(), "new");

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Without_expiry_sagas_stay()
    {
        var clock = new ManualClock();
        var store = new InMemorySagaStore(expiry: null, clock);
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");

        clock.Now += TimeSpan.FromDays(3650);

        Assert.Null(store.ExpiresAt(id));
        Assert.NotNull(await store.GetAsync(id));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
