using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

public sealed record ProbeOptions
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(MonitorDefaults.TimeoutMs);

    public TimeSpan OpenTimeout { get; init; } = DefaultTimeout;

    public TimeSpan ReadTimeout { get; init; } = DefaultTimeout;

    public TimeSpan WriteTimeout { get; init; } = DefaultTimeout;

    public TimeSpan AuthTimeout { get; init; } = DefaultTimeout;

    public TimeSpan Nip11Timeout { get; init; } = DefaultTimeout;

    public IReadOnlySet<CheckType> Checks { get; init; } = AllProbes;

    /// <summary>When the write probe expires (NIP-40), so that relays can drop it; see <see cref="WriteProbeEvent"/>.</summary>
    public TimeSpan WriteProbeLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public RelayClientOptions Client { get; init; } = new() { UserAgent = MonitorUserAgent.Default };

    public int Nip11MaxBytes { get; init; } = 256 * 1024;

    public static IReadOnlySet<CheckType> AllProbes { get; } = MonitorDefaults.Checks.ToHashSet();

    public ProbeOptions WithTimeout(TimeSpan timeout) => this with
    {
        OpenTimeout = timeout,
        ReadTimeout = timeout,
        WriteTimeout = timeout,
        AuthTimeout = timeout,
        Nip11Timeout = timeout,
    };

    public TimeSpan TimeoutOf(CheckType check) => check switch
    {
        CheckType.Open => OpenTimeout,
        CheckType.Read => ReadTimeout,
        CheckType.Write => WriteTimeout,
        CheckType.Auth => AuthTimeout,
        CheckType.Nip11 => Nip11Timeout,
        _ => OpenTimeout,
    };
}
