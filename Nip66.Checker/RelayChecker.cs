using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>Checks relays with the monitor's key. Thread-safe; one instance serves all checks of a process.</summary>
public sealed class RelayChecker(NostrKeys keys, ProbeOptions options, TimeProvider? time = null) : IDisposable
{
    private readonly Nip11Client nip11 = new(options.Nip11MaxBytes, options.Client.UserAgent, options.Client.AddressLimiter);

    public ProbeOptions Options => options;

    public Task<RelayCheckResult> CheckAsync(RelayUrl url, CancellationToken cancellationToken) =>
        CheckAsync(url, options, cancellationToken);

    /// <summary>Checks with other timeouts or checks than the defaults (a cycle's command carries its own).</summary>
    public Task<RelayCheckResult> CheckAsync(RelayUrl url, ProbeOptions probeOptions, CancellationToken cancellationToken) =>
        new ProbeRun(url, keys, probeOptions, nip11, time ?? TimeProvider.System).ExecuteAsync(cancellationToken);

    public void Dispose() => nip11.Dispose();
}
