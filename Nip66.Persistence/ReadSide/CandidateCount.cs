namespace Nip66.Persistence.ReadSide;

/// <summary>How many candidates are in <paramref name="State"/> that were first seen in an event of <paramref name="SourceKind"/>.</summary>
public sealed record CandidateCount(CandidateState State, int SourceKind, int Count);
