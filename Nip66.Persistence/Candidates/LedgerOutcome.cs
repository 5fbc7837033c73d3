namespace Nip66.Persistence.Candidates;

/// <summary>What one <see cref="CandidateLedger.RecordAsync"/> did with its mentions.</summary>
public sealed class LedgerOutcome
{
    private readonly Dictionary<string, int> refused = new(StringComparer.Ordinal);

    /// <summary>Mentions given.</summary>
    public int Mentions { get; private set; }

    /// <summary>URLs seen for the first time and now pending validation.</summary>
    public int NewCandidates { get; private set; }

    /// <summary>URLs seen for the first time and refused on sight, by reason (a word of <see cref="CandidateReasons"/>).</summary>
    public IReadOnlyDictionary<string, int> Refused => refused;

    /// <summary>The sum of <see cref="Refused"/>.</summary>
    public int RefusedTotal => refused.Values.Sum();

    /// <summary>Mentions of URLs already in the ledger (whatever their state): provenance updated, nothing counted again.</summary>
    public int Repeats { get; private set; }

    /// <summary>Mentions of relays monitored without a candidate (the operator's own, enabled or not): left alone.</summary>
    public int MonitoredRelays { get; private set; }

    internal void Add(LedgerOutcome other)
    {
        Mentions += other.Mentions;
        NewCandidates += other.NewCandidates;
        Repeats += other.Repeats;
        MonitoredRelays += other.MonitoredRelays;
        foreach (var (reason, count) in other.refused)
        {
            refused[reason] = refused.GetValueOrDefault(reason) + count;
        }
    }

    internal void CountMentions(int mentions) => Mentions += mentions;

    internal void CountNew(string? reason)
    {
        if (reason is null)
        {
            NewCandidates++;
        }
        else
        {
            refused[reason] = refused.GetValueOrDefault(reason) + 1;
        }
    }

    internal void CountRepeats(int mentions) => Repeats += mentions;

    internal void CountMonitored(int mentions) => MonitoredRelays += mentions;
}
