using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nip66.Contracts;

namespace Nip66.TestSupport;

/// <summary>
/// Listens to the monitor's delivery counters (<c>publish_total</c>, <c>publish_given_up_total</c>) for one publish
/// relay while it lives: what a Prometheus scrape of <c>nip66_publish_*</c> would add up to.
/// </summary>
public sealed class PublishMetrics : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private int givenUp;

    public PublishMetrics(string publishRelay)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MonitorMetrics.MeterName && instrument.Name is "publish_total" or "publish_given_up_total")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? relay = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "publish_relay")
                {
                    relay = tag.Value as string;
                }
                else if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            if (relay != publishRelay)
            {
                return;
            }

            if (instrument.Name == "publish_given_up_total")
            {
                Interlocked.Add(ref givenUp, (int)value);
            }
            else if (outcome is not null)
            {
                attempts.AddOrUpdate(outcome, (int)value, (_, n) => n + (int)value);
            }
        });
        listener.Start();
    }

    /// <summary>Attempts with this outcome (<c>accepted</c>, <c>refused</c>, <c>refused-temporarily</c>, <c>failed</c>).</summary>
    public int Attempts(string outcome) => attempts.GetValueOrDefault(outcome);

    public int GivenUp => Volatile.Read(ref givenUp);

    public void Dispose() => listener.Dispose();
}
