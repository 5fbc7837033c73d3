namespace Nip66.Persistence.ReadSide;

/// <summary>One page of relays; <see cref="Total"/> counts every relay that matches the filters.</summary>
public sealed record RelayStatusPage(int Total, int Page, int PageSize, IReadOnlyList<RelayStatusItem> Items);
