using Nip66.Contracts;

namespace Nip66.Persistence.Status;

/// <summary>The latest check of one relay, as kept by an <see cref="ILatestStatusStore"/>.</summary>
public sealed record LatestStatus(
    string Url,
    RelayStatus Status,
    int? RttOpenMs,
    int? RttReadMs,
    int? RttWriteMs,
    FailureClass? FailureClass,
    DateTimeOffset CheckedAt)
{
    public static LatestStatus From(RelayCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new LatestStatus(
            result.Url, result.Status, result.RttOpenMs, result.RttReadMs, result.RttWriteMs, result.Failure?.Class,
            result.FinishedAt.ToUniversalTime());
    }
}

/// <summary>
/// The latest status per relay URL, for dashboards and the API, without a database query. Written by the
/// check-result consumer after the database write.
/// </summary>
public interface ILatestStatusStore
{
    /// <summary>Stores the statuses; for a URL given several times the newest check wins.</summary>
    Task SetAsync(IReadOnlyCollection<LatestStatus> statuses, CancellationToken cancellationToken = default);

    Task<LatestStatus?> GetAsync(string url, CancellationToken cancellationToken = default);

    /// <summary>Every stored status, by URL.</summary>
    Task<IReadOnlyList<LatestStatus>> GetAllAsync(CancellationToken cancellationToken = default);
}
