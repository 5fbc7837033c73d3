using Nip66.Checker.WarmUp;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

/// <summary>Checks relays with the monitor's key. Thread-safe; one instance serves all checks of a process.</summary>
public sealed class RelayChecker : IDisposable
{
    private readonly NostrKeys keys;
    private readonly TimeProvider time;
    private readonly Nip11Client nip11;
    private readonly Lazy<Task> warmUp;

    public RelayChecker(NostrKeys keys, ProbeOptions options, TimeProvider? time = null)
    {
        this.keys = keys;
        this.time = time ?? TimeProvider.System;
        Options = options;
        nip11 = new Nip11Client(options.Nip11MaxBytes, options.Client.UserAgent);
        warmUp = new Lazy<Task>(() => CheckerWarmUp.RunAsync(RunAsync, options));
    }

    public ProbeOptions Options { get; }

    public Task<RelayCheckResult> CheckAsync(RelayUrl url, CancellationToken cancellationToken) =>
        CheckAsync(url, Options, cancellationToken);

    /// <summary>Checks with other timeouts or checks than the defaults (a cycle's command carries its own).</summary>
    public async Task<RelayCheckResult> CheckAsync(RelayUrl url, ProbeOptions probeOptions, CancellationToken cancellationToken)
    {
        await WarmUpAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(url, probeOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Warms the process's paths once (<see cref="CheckerWarmUp"/>); every check waits for it first.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => warmUp.Value.WaitAsync(cancellationToken);

    private Task<RelayCheckResult> RunAsync(RelayUrl url, ProbeOptions probeOptions, CancellationToken cancellationToken) =>
        new ProbeRun(url, keys, probeOptions, nip11, time).ExecuteAsync(cancellationToken);

    public void Dispose() => nip11.Dispose();
}
