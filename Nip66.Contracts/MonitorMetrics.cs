using System.Diagnostics.Metrics;

namespace Nip66.Contracts;

/// <summary>
/// The monitor's own instruments, on one meter that the host exports to Prometheus, where the meter name becomes the
/// prefix (<c>check_duration_seconds</c> is scraped as <c>nip66_check_duration_seconds</c>). Labels are bounded sets (check, class, status, outcome, configured publish relays): never a monitored URL.
/// </summary>
public static class MonitorMetrics
{
    public const string MeterName = "Nip66";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>(
        "check_duration_seconds", "s", "Round-trip time of each successful probe, by check.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Histogram<double> RelayCheckDuration = Meter.CreateHistogram<double>(
        "relay_check_duration_seconds", "s", "Time to check one relay (all probes), by resulting status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60] });

    private static readonly Counter<long> CheckFailures = Meter.CreateCounter<long>(
        "check_failures_total", description: "Failed probes, by check and failure class.");

    private static readonly Counter<long> RelayChecks = Meter.CreateCounter<long>(
        "relay_checks_total", description: "Relays checked, by resulting status.");

    private static readonly Histogram<double> CycleDuration = Meter.CreateHistogram<double>(
        "cycle_duration_seconds", "s", "Time from a cycle's start to its completion.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] });

    private static readonly Counter<long> CyclesSkipped = Meter.CreateCounter<long>(
        "cycles_skipped_total", description: "Cron occurrences skipped because the previous cycle was still running.");

    private static readonly Counter<long> Publishes = Meter.CreateCounter<long>(
        "publish_total", description: "Delivery attempts of signed events, by publish relay and outcome.");

    private static readonly Counter<long> PublishesGivenUp = Meter.CreateCounter<long>(
        "publish_given_up_total", description: "Deliveries given up after their last failed attempt, by publish relay.");

    private static readonly Histogram<double> SchedulingDelay = Meter.CreateHistogram<double>(
        "checker_scheduling_delay_seconds", "s", "How late the checker runs its own work, by kind: a timer past its due time, a work item in the thread pool's queue (continuation).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    private static readonly KeyValuePair<string, object?> TimerKind = new("kind", "timer");
    private static readonly KeyValuePair<string, object?> ContinuationKind = new("kind", "continuation");

    private static long lastChecked;
    private static int concurrencyLimit;
    private static int checksRunning;
    private static long lastExpected;
    private static double lastLateness;

    static MonitorMetrics()
    {
        Meter.CreateObservableGauge("cycle_checked", () => Interlocked.Read(ref lastChecked), description: "Relays checked in the last completed cycle.");
        Meter.CreateObservableGauge("cycle_expected", () => Interlocked.Read(ref lastExpected), description: "Relays due in the last completed cycle.");
        Meter.CreateObservableGauge("cycle_lateness_seconds", () => Volatile.Read(ref lastLateness), "s",
            "How far the last cycle overran the announced frequency (0 when on time).");
        Meter.CreateObservableGauge("checker_concurrency_limit", () => Volatile.Read(ref concurrencyLimit),
            description: "Checks in their first second the checker lets run at once now (older ones wait on their relays): its configured concurrency, held lower while its scheduling delay is over the bound.");
        Meter.CreateObservableGauge("checker_checks_running", () => Volatile.Read(ref checksRunning), description: "Checks running now.");
    }

    public static void TimerDelay(double milliseconds) => SchedulingDelay.Record(milliseconds / 1000, TimerKind);

    public static void ContinuationDelay(double milliseconds) => SchedulingDelay.Record(milliseconds / 1000, ContinuationKind);

    public static void CheckConcurrency(int limit, int running)
    {
        Volatile.Write(ref concurrencyLimit, limit);
        Volatile.Write(ref checksRunning, running);
    }

    public static void RelayChecked(RelayCheckResult result)
    {
        var status = new KeyValuePair<string, object?>("status", result.Status.Name());
        RelayChecks.Add(1, status);
        RelayCheckDuration.Record((result.FinishedAt - result.StartedAt).TotalSeconds, status);
        foreach (var outcome in result.Checks)
        {
            var check = new KeyValuePair<string, object?>("check", outcome.Check.Name());
            if (outcome.Success && outcome.RttMs is { } ms)
            {
                CheckDuration.Record(ms / 1000.0, check, new KeyValuePair<string, object?>("result", "ok"));
            }
            else if (outcome.Failure is { } failure)
            {
                CheckFailures.Add(1, check, new KeyValuePair<string, object?>("class", failure.Name()));
            }
        }
    }

    public static void CycleCompleted(CycleCompleted cycle, TimeSpan period)
    {
        CycleDuration.Record(cycle.Duration.TotalSeconds);
        Interlocked.Exchange(ref lastChecked, cycle.Checked);
        Interlocked.Exchange(ref lastExpected, cycle.Expected);
        Volatile.Write(ref lastLateness, Math.Max(0, (cycle.Duration - period).TotalSeconds));
    }

    public static void CycleSkipped() => CyclesSkipped.Add(1);

    /// <summary>One delivery attempt; <paramref name="gaveUp"/> when it was the last of a delivery that failed.</summary>
    public static void Published(string publishRelay, DeliveryOutcome outcome, bool gaveUp)
    {
        var relay = new KeyValuePair<string, object?>("publish_relay", publishRelay);
        Publishes.Add(1, relay, new KeyValuePair<string, object?>("outcome", outcome.Name()));
        if (gaveUp)
        {
            PublishesGivenUp.Add(1, relay);
        }
    }
}
