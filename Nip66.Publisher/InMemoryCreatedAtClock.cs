namespace Nip66.Publisher;

/// <summary>One process (embedded mode): the memory goes with it, and with it the 30166s it signed.</summary>
public sealed class InMemoryCreatedAtClock : ICreatedAtClock
{
    private readonly Dictionary<string, (long CreatedAt, long Basis, Guid CycleId)> last = new(StringComparer.Ordinal);

    public Task<long?> CreatedAtAsync(string relay, Guid cycleId, long basis)
    {
        lock (last)
        {
            if (!last.TryGetValue(relay, out var previous))
            {
                last[relay] = (basis, basis, cycleId);
                return Task.FromResult<long?>(basis);
            }

            if (previous.CycleId == cycleId)
            {
                return Task.FromResult<long?>(previous.CreatedAt);
            }

            if (basis < previous.Basis)
            {
                return Task.FromResult<long?>(null);
            }

            var next = Math.Max(basis, previous.CreatedAt + 1);
            last[relay] = (next, basis, cycleId);
            return Task.FromResult<long?>(next);
        }
    }
}
