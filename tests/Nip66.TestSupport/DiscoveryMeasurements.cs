using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nip66.Contracts;

namespace Nip66.TestSupport;

/// <summary>Records what the discovery instruments measure while it lives (the same measurements the Prometheus export reads).</summary>
public sealed class DiscoveryMeasurements : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public DiscoveryMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MonitorMetrics.MeterName && instrument.Name.StartsWith("discovery_", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The sum of the instrument's measurements carrying every tag given.</summary>
    public double Sum(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Sum(m => m.Value);

    public int Count(string name, params (string Key, string Value)[] tags) => Matching(name, tags).Count();

    public void Dispose() => _listener.Dispose();

    IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string name, (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value))));
}
