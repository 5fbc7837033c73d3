namespace Nip66.Publisher;

/// <summary>
/// What the monitor last announced of each of its own kinds (10166, 0, 10002): a fingerprint of the event and when,
/// so <see cref="PublishMonitorEventsConsumer"/> re-signs one only when it changed or has grown old.
/// </summary>
public interface IMonitorEventLedger
{
    /// <summary>The last announcement of <paramref name="kind"/>, or null when there was none.</summary>
    Task<MonitorEventRecord?> LastAsync(int kind);

    Task RecordAsync(int kind, MonitorEventRecord record);
}
