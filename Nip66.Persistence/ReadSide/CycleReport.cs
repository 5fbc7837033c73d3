namespace Nip66.Persistence.ReadSide;

/// <summary>What is stored of one cycle: its 30166 events, their deliveries per publish relay and its results by URL.</summary>
public sealed record CycleReport(int EventsSigned, IReadOnlyList<PublishOutcomes> Publish, IReadOnlyList<CycleResultLine> Results);
