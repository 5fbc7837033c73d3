using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nip66.Host.Web;

/// <summary>
/// The runtime's <c>System.Net.*</c> measurements (DNS lookups, HTTP requests and connections), re-recorded on the
/// <see cref="MeterName"/> meter with only the tags that name no host. The runtime tags them with the host name,
/// address, port and URL of each monitored relay; exported as they are, every relay would add its own series to
/// every scrape. Observable instruments and tags not listed here are dropped rather than guessed safe.
/// </summary>
internal static class AggregateNetworkMetrics
{
    public const string MeterName = "Nip66.Network";

    /// <summary>Tags whose values come from a small fixed set (methods, status codes, error kinds, schemes).</summary>
    private static readonly FrozenSet<string> KeptTags = FrozenSet.Create(StringComparer.Ordinal,
        "error.type", "http.connection.state", "http.request.method", "http.response.status_code", "network.protocol.version", "url.scheme");

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<string, Instrument?> Mirrors = new(StringComparer.Ordinal);

    /// <summary>Listens for the rest of the process's life, like the Prometheus adapter that exports the result.</summary>
    public static IDisposable StartListening()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("System.Net", StringComparison.Ordinal)
                    && Mirrors.GetOrAdd(instrument.Name, _ => MirrorOf(instrument)) is { } mirror)
                {
                    listener.EnableMeasurementEvents(instrument, mirror);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();
        return listener;
    }

    private static Instrument? MirrorOf(Instrument instrument) => instrument switch
    {
        Counter<long> => Meter.CreateCounter<long>(instrument.Name, instrument.Unit, instrument.Description),
        Counter<double> => Meter.CreateCounter<double>(instrument.Name, instrument.Unit, instrument.Description),
        UpDownCounter<long> => Meter.CreateUpDownCounter<long>(instrument.Name, instrument.Unit, instrument.Description),
        UpDownCounter<double> => Meter.CreateUpDownCounter<double>(instrument.Name, instrument.Unit, instrument.Description),
        Histogram<long> => Meter.CreateHistogram<long>(instrument.Name, instrument.Unit, instrument.Description),
        Histogram<double> => Meter.CreateHistogram<double>(instrument.Name, instrument.Unit, instrument.Description),
        _ => null,
    };

    private static void Record<T>(Instrument instrument, T measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? mirror)
        where T : struct
    {
        var kept = new TagList();
        foreach (var tag in tags)
        {
            if (KeptTags.Contains(tag.Key))
            {
                kept.Add(tag);
            }
        }

        switch (mirror)
        {
            case Counter<T> counter:
                counter.Add(measurement, kept);
                break;
            case UpDownCounter<T> counter:
                counter.Add(measurement, kept);
                break;
            case Histogram<T> histogram:
                histogram.Record(measurement, kept);
                break;
        }
    }
}
