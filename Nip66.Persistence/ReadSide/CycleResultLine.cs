namespace Nip66.Persistence.ReadSide;

/// <summary>One stored result of a cycle, for the <c>run --once</c> summary.</summary>
public sealed record CycleResultLine(string Url, string Status, RoundTrips Rtt, string? FailureCheck, string? FailureClass);
