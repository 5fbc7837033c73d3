namespace Nip66.Checker;

/// <summary>At most one check per relay host at a time, so relays sharing a host are not hammered together.</summary>
public sealed class HostGate
{
    private readonly Dictionary<string, Entry> hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (hosts)
        {
            if (!hosts.TryGetValue(host, out entry!))
            {
                hosts[host] = entry = new Entry();
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(host, entry, release: false);
            throw;
        }

        return new Lease(() => Leave(host, entry, release: true));
    }

    /// <summary>Hosts with a check running or waiting; entries are dropped when unused so memory stays flat.</summary>
    public int ActiveHosts
    {
        get
        {
            lock (hosts)
            {
                return hosts.Count;
            }
        }
    }

    private void Leave(string host, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }

        lock (hosts)
        {
            if (--entry.Users == 0)
            {
                hosts.Remove(host);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? release = release;

        public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
    }
}
