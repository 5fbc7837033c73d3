using System.Net;
using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker.WarmUp;

/// <summary>
/// Runs a whole check against a <see cref="WarmUpRelay"/> before the first real one, so that the first-use costs of a
/// process (JIT, the TLS library, the resolver, the signing library) are paid outside every stopwatch: without it the
/// first check of a process measured a loopback relay's rtt-open at 30-90 ms instead of about 1 ms.
/// </summary>
internal static class CheckerWarmUp
{
    /// <summary>Bounds the warm-up; a machine this slow gets its first checks measured cold rather than not at all.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(Func<RelayUrl, ProbeOptions, CancellationToken, Task<RelayCheckResult>> check, ProbeOptions options)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var warm = options.WithTimeout(Timeout) with
        {
            Checks = ProbeOptions.AllProbes,
            Client = options.Client with { AllowPrivateAddresses = true },
        };
        try
        {
            await using var relay = new WarmUpRelay();
            await Dns.GetHostAddressesAsync("localhost", deadline.Token).ConfigureAwait(false);
            await check(RelayAt("ws", relay.Port), warm, deadline.Token).ConfigureAwait(false);

            // The TLS path up to the certificate check, which refuses the warm-up relay's self-signed certificate.
            await check(RelayAt("wss", relay.Port), warm with { Checks = new HashSet<CheckType> { CheckType.Open } }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort, whatever went wrong: a warm-up that cannot finish leaves the first checks cold, and a fault
            // of the check itself shows in the first real check, as its own result.
        }
    }

    private static RelayUrl RelayAt(string scheme, int port) =>
        RelayUrl.TryParse($"{scheme}://127.0.0.1:{port}", out var url, out var error) ? url : throw new InvalidOperationException(error);
}
