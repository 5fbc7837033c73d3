using System.Collections.Concurrent;

namespace Nip66.Publisher;

/// <summary>Embedded mode: forgotten on restart, so a restarted monitor announces itself again.</summary>
public sealed class InMemoryMonitorEventLedger : IMonitorEventLedger
{
    private readonly ConcurrentDictionary<int, MonitorEventRecord> last = new();

    public Task<MonitorEventRecord?> LastAsync(int kind) => Task.FromResult(last.GetValueOrDefault(kind));

    public Task RecordAsync(int kind, MonitorEventRecord record)
    {
        last[kind] = record;
        return Task.CompletedTask;
    }
}
