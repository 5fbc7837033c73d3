using System.Text.Json;
using Nip66.Contracts;

namespace Nip66.TestSupport;

/// <summary>
/// What one fleet endpoint does. The hostile ones are served by <see cref="HostileRelay"/> under a
/// <see cref="FleetPath"/>; the <c>Npm*</c> ones are real relays from npm (<see cref="RelayHost"/>).
/// </summary>
public enum FleetBehaviour
{
    /// <summary>
    /// Answers each message after the endpoint's latency counted from its arrival, independently of the others: a REQ
    /// and an EVENT sent at once are both answered one latency later.
    /// </summary>
    Healthy,

    /// <summary>
    /// Answers a connection's messages in order, one at a time, like most real relays: each after the endpoint's
    /// latency, and the next one only once the previous one is answered, so a REQ and an EVENT sent at once are
    /// answered one latency and two latencies later.
    /// </summary>
    InOrder,

    /// <summary>Answers the WebSocket upgrade after the slow delay, then like <see cref="Healthy"/>.</summary>
    SlowOpen,

    /// <summary>Answers a REQ (EOSE) after the slow delay on top of the latency.</summary>
    SlowRead,

    RefuseDuplicate,
    RefusePow,
    RefuseBlocked,
    RefuseRateLimited,
    RefuseInvalid,
    RefuseRestricted,
    RefuseMute,
    RefuseError,

    /// <summary>Refuses writes with <c>auth-required:</c> but never sends an AUTH challenge.</summary>
    RefuseAuthRequired,
    RefusePaymentRequired,

    /// <summary>NIP-42: sends a challenge on connect, refuses REQ and EVENT until a valid kind 22242 arrives.</summary>
    AuthRequired,

    /// <summary>Refuses reads (CLOSED) and writes (OK false) with <c>payment-required:</c>.</summary>
    PaymentRequired,

    /// <summary>The NIP-11 request gets a 404; the relay itself is healthy.</summary>
    Nip11Missing,

    /// <summary>The WebSocket upgrade is answered with HTTP 403.</summary>
    UpgradeForbidden,

    /// <summary>The WebSocket upgrade is answered with HTTP 426.</summary>
    UpgradeRequired,

    /// <summary>A port that is bound but not listening: connections are refused.</summary>
    PortClosed,

    /// <summary>Accepts TCP and never answers the upgrade (nor NIP-11).</summary>
    Hang,

    /// <summary>Opens the WebSocket, then never answers a message.</summary>
    HangAfterOpen,

    /// <summary>Opens the WebSocket, sends half of a frame after the first client message, then drops the TCP connection.</summary>
    DropMidFrame,

    NpmHealthy,
    NpmReadOnly,
    NpmAuth,
    NpmNoNip11,
    NpmUpgradeRefused,
}

/// <summary>Names and expected outcomes of the fleet's behaviours.</summary>
public static class FleetBehaviours
{
    private static readonly string[] HealthyR = ["!auth", "!writes", "!pow"];
    private static readonly string[] NpmHealthyR = ["!auth", "!payment", "!writes", "!pow"];
    private static readonly Dictionary<string, FleetBehaviour> ByName =
        Enum.GetValues<FleetBehaviour>().ToDictionary(Name, b => b, StringComparer.Ordinal);

    public static IReadOnlyList<FleetBehaviour> All { get; } = Enum.GetValues<FleetBehaviour>();

    /// <summary>Behaviours served by one real relay each; their count in a composition is the number of relays.</summary>
    public static bool IsNpm(this FleetBehaviour behaviour) => behaviour >= FleetBehaviour.NpmHealthy;

    /// <summary>Kebab-case: <c>refuse-rate-limited</c>, <c>npm-read-only</c>.</summary>
    public static string Name(this FleetBehaviour behaviour) => JsonNamingPolicy.KebabCaseLower.ConvertName(behaviour.ToString());

    public static bool TryParse(string name, out FleetBehaviour behaviour) => ByName.TryGetValue(name, out behaviour);

    /// <summary>The NIP-01 prefix a <c>Refuse*</c> behaviour puts in its OK, or null.</summary>
    public static string? RefusalPrefix(this FleetBehaviour behaviour) =>
        behaviour is >= FleetBehaviour.RefuseDuplicate and <= FleetBehaviour.RefusePaymentRequired ? behaviour.Name()["refuse-".Length..] : null;

    /// <summary>
    /// What a correct checker reports, given timeouts longer than latency plus slow delay. R tags are those of the
    /// 30166 built from the result (null: not asserted). The hostile endpoints serve a NIP-11 without limitations, so
    /// their R tags are what the probes observed; the npm relays' NIP-11 adds <c>payment</c>.
    /// </summary>
    public static ExpectedOutcome Expected(this FleetBehaviour behaviour) => behaviour switch
    {
        FleetBehaviour.Healthy or FleetBehaviour.InOrder or FleetBehaviour.SlowOpen or FleetBehaviour.SlowRead or FleetBehaviour.RefuseDuplicate =>
            ExpectedOutcome.Online(HealthyR),
        FleetBehaviour.RefusePow => ExpectedOutcome.Online(CheckType.Write, FailureClass.Pow, "!auth", "writes", "pow"),
        FleetBehaviour.RefuseBlocked or FleetBehaviour.RefuseRestricted or FleetBehaviour.RefuseMute =>
            ExpectedOutcome.Online(CheckType.Write, FailureClass.Restricted, "!auth", "writes"),

        // Transient or unexplained refusals say nothing about write restrictions: never "!writes".
        FleetBehaviour.RefuseRateLimited => ExpectedOutcome.Online(CheckType.Write, FailureClass.RateLimited, "!auth"),
        FleetBehaviour.RefuseInvalid => ExpectedOutcome.Online(CheckType.Write, FailureClass.Invalid, "!auth"),
        FleetBehaviour.RefuseError => ExpectedOutcome.Online(CheckType.Write, FailureClass.Protocol, "!auth"),
        FleetBehaviour.RefuseAuthRequired => ExpectedOutcome.Online(CheckType.Write, FailureClass.AuthRequired, "auth", "writes"),
        FleetBehaviour.RefusePaymentRequired => ExpectedOutcome.Online(CheckType.Write, FailureClass.PaymentRequired, "!auth", "payment", "writes"),
        FleetBehaviour.AuthRequired => new(RelayStatus.Degraded, CheckType.Read, FailureClass.AuthRequired, ["auth", "!writes", "!pow"]),
        FleetBehaviour.PaymentRequired => new(RelayStatus.Degraded, CheckType.Read, FailureClass.PaymentRequired, ["payment", "writes"]),
        FleetBehaviour.Nip11Missing => ExpectedOutcome.Online(CheckType.Nip11, FailureClass.HttpStatus, HealthyR),
        FleetBehaviour.UpgradeForbidden or FleetBehaviour.UpgradeRequired or FleetBehaviour.NpmUpgradeRefused =>
            ExpectedOutcome.Offline(FailureClass.HttpStatus),
        FleetBehaviour.PortClosed => ExpectedOutcome.Offline(FailureClass.Refused),
        FleetBehaviour.Hang => ExpectedOutcome.Offline(FailureClass.Timeout),
        FleetBehaviour.HangAfterOpen => new(RelayStatus.Degraded, CheckType.Read, FailureClass.Timeout, []),
        FleetBehaviour.DropMidFrame => new(RelayStatus.Degraded, CheckType.Read, FailureClass.Protocol, []),
        FleetBehaviour.NpmHealthy => ExpectedOutcome.Online(NpmHealthyR),
        FleetBehaviour.NpmReadOnly => ExpectedOutcome.Online(CheckType.Write, FailureClass.Restricted, "!auth", "!payment", "writes"),
        FleetBehaviour.NpmAuth => new(RelayStatus.Degraded, CheckType.Read, FailureClass.AuthRequired, ["auth", "!payment", "!writes", "!pow"]),
        FleetBehaviour.NpmNoNip11 => ExpectedOutcome.Online(CheckType.Nip11, FailureClass.HttpStatus, HealthyR),
        _ => throw new ArgumentOutOfRangeException(nameof(behaviour), behaviour, "no expectation"),
    };
}

/// <summary>The status, the first failing check with its class, and the R tags a correct check of an endpoint gives.</summary>
public sealed record ExpectedOutcome(RelayStatus Status, CheckType? FailedCheck, FailureClass? Failure, IReadOnlyList<string>? RTags)
{
    public static ExpectedOutcome Online(params string[] rTags) => new(RelayStatus.Online, null, null, rTags);

    public static ExpectedOutcome Online(CheckType failedCheck, FailureClass failure, params string[] rTags) =>
        new(RelayStatus.Online, failedCheck, failure, rTags);

    public static ExpectedOutcome Offline(FailureClass failure) => new(RelayStatus.Offline, CheckType.Open, failure, null);
}
