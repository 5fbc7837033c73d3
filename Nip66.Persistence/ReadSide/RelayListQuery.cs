using System.Text.Json;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Persistence.ReadSide;

/// <summary>
/// Which relays to list and in which order: filters on the latest status, the network, the origin and a piece of the URL
/// (case-insensitive), a sort with missing values last in either direction (then by URL), and a page.
/// </summary>
public sealed record RelayListQuery
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 1000;

    /// <summary>The longest URL piece searched for.</summary>
    public const int MaxTextLength = 256;

    /// <summary>The status filter's value for relays not checked yet.</summary>
    public const string Unknown = "unknown";

    /// <summary>Every status filter value: the stored statuses, then <see cref="Unknown"/>.</summary>
    public static IReadOnlyList<string> Statuses { get; } =
        [.. Enum.GetValues<RelayStatus>().Select(PersistenceNames.Status), Unknown];

    /// <summary>Every origin filter value (<see cref="PersistenceNames.Origin"/>).</summary>
    public static IReadOnlyDictionary<string, RelayOrigin> Origins { get; } =
        Enum.GetValues<RelayOrigin>().ToDictionary(PersistenceNames.Origin, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every network filter value.</summary>
    public static IReadOnlyList<string> Networks { get; } = [.. Enum.GetValues<RelayNetwork>().Select(PersistenceNames.Network)];

    /// <summary>The <c>sort</c> values, kebab-case (<c>rtt-open</c>, <c>last-online</c>), by <see cref="RelaySort"/>.</summary>
    public static IReadOnlyDictionary<string, RelaySort> SortNames { get; } =
        Enum.GetValues<RelaySort>().ToDictionary(s => JsonNamingPolicy.KebabCaseLower.ConvertName(s.ToString()), StringComparer.OrdinalIgnoreCase);

    /// <summary>A stored status name, <see cref="Unknown"/>, or null for any.</summary>
    public string? Status { get; init; }

    /// <summary>A stored network name, or null for any.</summary>
    public string? Network { get; init; }

    /// <summary>Who added the relay, or null for any.</summary>
    public RelayOrigin? Origin { get; init; }

    /// <summary>A piece of the URL, lower-case, or null for any.</summary>
    public string? Text { get; init; }

    public RelaySort Sort { get; init; } = RelaySort.Url;

    public bool Descending { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>
    /// The query for the API's parameters (each may be missing); false with a one-line reason naming the parameter
    /// when one is not valid.
    /// </summary>
    public static bool TryParse(
        string? status, string? network, string? origin, string? text, string? sort, string? direction, int? page, int? pageSize, out RelayListQuery query, out string error)
    {
        query = new RelayListQuery();
        error = string.Empty;
        var wantedStatus = status is null ? null : Statuses.FirstOrDefault(s => s.Equals(status, StringComparison.OrdinalIgnoreCase));
        var wantedNetwork = network is null ? null : Networks.FirstOrDefault(n => n.Equals(network, StringComparison.OrdinalIgnoreCase));
        var wantedOrigin = default(RelayOrigin);
        var order = RelaySort.Url;
        if (status is not null && wantedStatus is null)
        {
            error = $"status must be one of {string.Join(", ", Statuses)}";
        }
        else if (network is not null && wantedNetwork is null)
        {
            error = $"network must be one of {string.Join(", ", Networks)}";
        }
        else if (origin is not null && !Origins.TryGetValue(origin, out wantedOrigin))
        {
            error = $"origin must be one of {string.Join(", ", Origins.Keys)}";
        }
        else if (text?.Trim().Length > MaxTextLength)
        {
            error = $"q must be at most {MaxTextLength} characters";
        }
        else if (sort is not null && !SortNames.TryGetValue(sort, out order))
        {
            error = $"sort must be one of {string.Join(", ", SortNames.Keys)}";
        }
        else if (direction is not null && direction is not ("asc" or "desc"))
        {
            error = "dir must be asc or desc";
        }
        else if (page is < 1 || pageSize is < 1 or > MaxPageSize)
        {
            error = $"page must be 1 or more and pageSize from 1 to {MaxPageSize}";
        }

        if (error.Length > 0)
        {
            return false;
        }

        query = new RelayListQuery
        {
            Status = wantedStatus,
            Network = wantedNetwork,
            Origin = origin is null ? null : wantedOrigin,
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant(),
            Sort = order,
            Descending = direction == "desc",
            Page = page ?? 1,
            PageSize = pageSize ?? DefaultPageSize,
        };
        return true;
    }
}
