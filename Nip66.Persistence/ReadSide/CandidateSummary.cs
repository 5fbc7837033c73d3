namespace Nip66.Persistence.ReadSide;

/// <summary>
/// The discovery ledger in numbers: candidates by state and by the kind of event they were first seen in, and the
/// most frequent reasons for refusing and for retiring them.
/// </summary>
public sealed record CandidateSummary(IReadOnlyList<CandidateCount> Counts, IReadOnlyList<ReasonCount> TopRefusals, IReadOnlyList<ReasonCount> TopRetirements)
{
    public int Count(CandidateState state) => Counts.Where(c => c.State == state).Sum(c => c.Count);
}
