using Nip66.Contracts;
using Nip66.Nostr;

namespace Nip66.Checker;

public sealed record ProbeOptions
{
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Nip11Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlySet<CheckType> Checks { get; init; } = AllProbes;

    /// <summary>When the write probe expires (NIP-40), so that relays can drop it; see <see cref="WriteProbeEvent"/>.</summary>
    public TimeSpan WriteProbeLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public RelayClientOptions Client { get; init; } = new() { UserAgent = MonitorUserAgent.Default };

    public int Nip11MaxBytes { get; init; } = 256 * 1024;

    public static IReadOnlySet<CheckType> AllProbes { get; } =
        new HashSet<CheckType> { CheckType.Open, CheckType.Read, CheckType.Write, CheckType.Auth, CheckType.Nip11, CheckType.Dns, CheckType.Ssl };

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
