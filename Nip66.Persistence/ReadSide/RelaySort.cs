namespace Nip66.Persistence.ReadSide;

/// <summary>
/// The orders the relay list is sorted by in SQL, named as the API's <c>sort</c> parameter spells them
/// (<see cref="RelayListQuery.SortNames"/>). Uptime and percentiles are computed for one page only, so they are not
/// orders.
/// </summary>
public enum RelaySort
{
    Url,
    Status,
    RttOpen,
    RttRead,
    RttWrite,
    LastOnline,
    LastChecked,
    Failure,
}
