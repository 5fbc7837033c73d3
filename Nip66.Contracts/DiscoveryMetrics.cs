using System.Diagnostics.Metrics;

namespace Nip66.Contracts;

/// <summary>
/// Relay discovery's instruments, on the monitor's meter (<see cref="MonitorMetrics.MeterName"/>), so they are scraped as
/// <c>nip66_discovery_*</c>. Labels are bounded sets: the source (<c>nip65</c>, <c>contacts</c>, <c>relay-sets</c>,
/// <c>monitors</c>), a reason or an end from a fixed vocabulary; never a URL.
/// </summary>
public static class DiscoveryMetrics
{
    private static readonly Meter Meter = new(MonitorMetrics.MeterName);

    private static readonly Counter<long> EventsRead = Meter.CreateCounter<long>(
        "discovery_events_read_total", description: "Events a discovery source read (new to its round, verified), by source.");

    private static readonly Counter<long> EventsMalformed = Meter.CreateCounter<long>(
        "discovery_events_malformed_total", description: "Events a discovery source skipped as malformed, by source and reason.");

    private static readonly Counter<long> Mentions = Meter.CreateCounter<long>(
        "discovery_mentions_total", description: "Relay URLs the events read mention, by source.");

    private static readonly Counter<long> CandidatesNew = Meter.CreateCounter<long>(
        "discovery_candidates_new_total", description: "URLs seen for the first time and pending validation, by source.");

    private static readonly Counter<long> CandidatesRefused = Meter.CreateCounter<long>(
        "discovery_candidates_refused_total", description: "URLs seen for the first time and refused on sight, by source and reason.");

    private static readonly Counter<long> CandidatesPromoted = Meter.CreateCounter<long>(
        "discovery_candidates_promoted_total", description: "Candidates a validation check saw speak Nostr, now monitored relays.");

    private static readonly Counter<long> CandidatesRetired = Meter.CreateCounter<long>(
        "discovery_candidates_retired_total", description: "Candidates and discovered relays given up, by reason (never-spoke-nostr, offline).");

    private static readonly Counter<long> Reads = Meter.CreateCounter<long>(
        "discovery_reads_total", description: "Reads of one source on one discovery relay, by source and how they ended.");

    private static readonly Counter<long> Rounds = Meter.CreateCounter<long>(
        "discovery_rounds_total", description: "Discovery rounds run (every source on every discovery relay).");

    private static readonly Histogram<double> RoundDuration = Meter.CreateHistogram<double>(
        "discovery_round_duration_seconds", "s", "Time to run one discovery round.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800] });

    public static void Read(string source, string end, long events, long mentions)
    {
        var sourceLabel = Source(source);
        Reads.Add(1, sourceLabel, new KeyValuePair<string, object?>("end", end));
        EventsRead.Add(events, sourceLabel);
        Mentions.Add(mentions, sourceLabel);
    }

    public static void Malformed(string source, string reason, long events)
    {
        if (events > 0)
        {
            EventsMalformed.Add(events, Source(source), new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static void Recorded(string source, int newCandidates, IReadOnlyDictionary<string, int> refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        var sourceLabel = Source(source);
        CandidatesNew.Add(newCandidates, sourceLabel);
        foreach (var (reason, count) in refused)
        {
            CandidatesRefused.Add(count, sourceLabel, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static void Promoted() => CandidatesPromoted.Add(1);

    public static void Retired(string reason, long count)
    {
        if (count > 0)
        {
            CandidatesRetired.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static void RoundCompleted(TimeSpan duration)
    {
        Rounds.Add(1);
        RoundDuration.Record(duration.TotalSeconds);
    }

    private static KeyValuePair<string, object?> Source(string source) => new("source", source);
}
