using System.Collections.Concurrent;

namespace Nip66.Persistence.Status;

/// <summary>The status store of a single process (embedded mode, tests).</summary>
public sealed class InMemoryLatestStatusStore : ILatestStatusStore
{
    readonly ConcurrentDictionary<string, LatestStatus> _statuses = new(StringComparer.Ordinal);

    public Task SetAsync(IReadOnlyCollection<LatestStatus> statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            _statuses.AddOrUpdate(status.Url, status, (_, current) => status.CheckedAt >= current.CheckedAt ? status : current);
        }

        return Task.CompletedTask;
    }

    public Task<LatestStatus?> GetAsync(string url, CancellationToken cancellationToken = default) =>
        Task.FromResult(_statuses.TryGetValue(url, out var status) ? status : null);

    public Task<IReadOnlyList<LatestStatus>> GetAllAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LatestStatus>>([.. _statuses.Values.OrderBy(s => s.Url, StringComparer.Ordinal)]);
}
