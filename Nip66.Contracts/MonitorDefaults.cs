namespace Nip66.Contracts;

/// <summary>
/// What the monitor checks and how it introduces itself when nothing is configured: one place for the host's
/// configuration, the scheduler's options and the checker's probes.
/// </summary>
public static class MonitorDefaults
{
    /// <summary>Each check's timeout, in milliseconds.</summary>
    public const int TimeoutMs = 10_000;

    /// <summary>The kind 0 name.</summary>
    public const string Name = "Nip66 monitor";

    /// <summary>The kind 0 about.</summary>
    public const string About = "A NIP-66 relay monitor: liveness, latency and capabilities of Nostr relays.";

    /// <summary>Every check the monitor can run, all run by default.</summary>
    public static IReadOnlyList<CheckType> Checks { get; } = Enum.GetValues<CheckType>();

    /// <summary>The checks with a timeout of their own; dns and ssl are facts of the open.</summary>
    public static IReadOnlyList<CheckType> TimedChecks { get; } = [CheckType.Open, CheckType.Read, CheckType.Write, CheckType.Auth, CheckType.Nip11];

    /// <summary><see cref="TimeoutMs"/> for each of <see cref="TimedChecks"/>.</summary>
    public static IReadOnlyDictionary<CheckType, int> TimeoutsMs { get; } = TimedChecks.ToDictionary(check => check, _ => TimeoutMs);
}
