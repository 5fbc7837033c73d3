using System.Text.Json;
using Nip66.Scheduler.Sagas;

namespace Nip66.Pipeline.Tests.Sagas;

/// <summary>The semantics both stores share; each store's test class runs them against its own store.</summary>
public abstract class VersionedSagaStoreContract
{
    protected static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    protected abstract IVersionedSagaStore CreateStore();

    [Fact]
    public async Task Get_of_an_unknown_saga_is_null()
    {
        var store = CreateStore();

        Assert.Null(await store.GetAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Insert_stores_version_1_and_refuses_a_second_insert()
    {
        var store = CreateStore();
        var id = Guid.NewGuid();

        Assert.True(await store.TryInsertAsync(id, """{"n":1}"""));
        Assert.False(await store.TryInsertAsync(id, """{"n":2}"""));

        var stored = await store.GetAsync(id);
        Assert.Equal(new VersionedSagaDocument("""{"n":1}""", 1), stored);
        Assert.Equal(1, store.ConflictCount);
    }

    [Fact]
    public async Task Update_with_the_stored_version_writes_and_increments_it()
    {
        var store = CreateStore();
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");

        Assert.True(await store.TryUpdateAsync(id, "2", expectedVersion: 1));
        Assert.True(await store.TryUpdateAsync(id, "3", expectedVersion: 2));

        Assert.Equal(new VersionedSagaDocument("3", 3), await store.GetAsync(id));
        Assert.Equal(0, store.ConflictCount);
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_a_conflict_and_writes_nothing()
    {
        var store = CreateStore();
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");
        await store.TryUpdateAsync(id, "2", expectedVersion: 1);

        Assert.False(await store.TryUpdateAsync(id, "stale", expectedVersion: 1));
        Assert.False(await store.TryUpdateAsync(id, "future", expectedVersion: 7));

        Assert.Equal(new VersionedSagaDocument("2", 2), await store.GetAsync(id));
        Assert.Equal(2, store.ConflictCount);
    }

    [Fact]
    public async Task Update_of_a_missing_saga_is_a_conflict()
    {
        var store = CreateStore();
        var id = Guid.NewGuid();

        Assert.False(await store.TryUpdateAsync(id, "1", expectedVersion: 0));
        Assert.False(await store.TryUpdateAsync(id, "1", expectedVersion: 1));

        Assert.Null(await store.GetAsync(id));
        Assert.Equal(2, store.ConflictCount);
    }

    [Fact]
    public async Task Delete_with_a_version_checks_it_and_delete_without_does_not()
    {
        var store = CreateStore();
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "1");
        await store.TryUpdateAsync(id, "2", expectedVersion: 1);

        Assert.False(await store.TryDeleteAsync(id, expectedVersion: 1));
        Assert.NotNull(await store.GetAsync(id));

        Assert.True(await store.TryDeleteAsync(id, expectedVersion: 2));
        Assert.Null(await store.GetAsync(id));
        Assert.False(await store.TryDeleteAsync(id, expectedVersion: 2));

        var other = Guid.NewGuid();
        await store.TryInsertAsync(other, "1");
        Assert.True(await store.TryDeleteAsync(other));
        Assert.False(await store.TryDeleteAsync(other));
        Assert.Null(await store.GetAsync(other));

        // A deleted saga can be created again, at version 1.
        Assert.True(await store.TryInsertAsync(id, "again"));
        Assert.Equal(new VersionedSagaDocument("again", 1), await store.GetAsync(id));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_loses_no_update()
    {
        const int Writers = 8;
        const int IncrementsPerWriter = 40;
        var store = CreateStore();
        var id = Guid.NewGuid();
        await store.TryInsertAsync(id, "0");

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < IncrementsPerWriter; i++)
            {
                while (true)
                {
                    var current = (await store.GetAsync(id))!.Value;
                    var next = JsonSerializer.Deserialize<int>(current.Json) + 1;
                    if (await store.TryUpdateAsync(id, JsonSerializer.Serialize(next), current.Version))
                    {
                        break;
                    }
                }
            }
        })));

        var final = (await store.GetAsync(id))!.Value;
        Assert.Equal(Writers * IncrementsPerWriter, JsonSerializer.Deserialize<int>(final.Json));
        Assert.Equal(1 + (Writers * IncrementsPerWriter), final.Version);
    }
}
