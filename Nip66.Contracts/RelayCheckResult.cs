using System.Text.Json.Serialization;

namespace Nip66.Contracts;

public enum RelayStatus
{
    /// <summary>Opened and answered a read without conditions.</summary>
    Online,

    /// <summary>Opened, but reading failed or needed authentication.</summary>
    Degraded,

    /// <summary>Could not be opened.</summary>
    Offline,
}

public enum CheckType
{
    Open,
    Read,
    Write,
    Auth,
    Nip11,
    Dns,
    Ssl,
}

public enum FailureClass
{
    /// <summary>The name does not exist (NXDOMAIN): a definite answer, backed off long.</summary>
    Dns,
    Refused,
    Timeout,
    Tls,
    HttpStatus,
    Network,
    Protocol,
    AuthRequired,
    PaymentRequired,
    Restricted,
    RateLimited,
    Pow,
    Invalid,

    /// <summary>A guarded (discovered) relay resolved to a private, loopback, link-local or otherwise internal address.</summary>
    PrivateAddress,

    /// <summary>The resolver could not answer now (SERVFAIL, timeout, no address): may pass, backed off short.</summary>
    DnsTemporary,

    /// <summary>
    /// The monitor failed, not the relay: an unexpected exception inside a probe, its type in the message. The check
    /// still yields a result (the cycle counts the relay), and the relay is never backed off for it.
    /// </summary>
    Internal,
}

public sealed record CheckFailure(CheckType Check, FailureClass Class, string Message)
{
    /// <summary>Longest failure message a checker records (UTF-16 units, cut on a code point): a reason, not a document.</summary>
    public const int MaxMessageLength = 300;
}

/// <summary>One probe's outcome: success with a round-trip time, or a classified failure.</summary>
public sealed record CheckOutcome(CheckType Check, bool Success, int? RttMs, FailureClass? Failure, string? Message);

/// <summary>
/// What the probes saw the relay require. Null means not observed; the 30166 codec then falls back to NIP-11.
/// </summary>
public sealed record ObservedRequirements(bool? Auth, bool? Payment, bool? RestrictedWrites, bool? Pow);

public sealed record TlsCertificate(string Subject, string Issuer, DateTimeOffset NotBefore, DateTimeOffset NotAfter, bool Valid, string? Errors);

/// <summary>The whole result of checking one relay once.</summary>
public sealed record RelayCheckResult
{
    public required string Url { get; init; }

    public required string Network { get; init; }

    public required RelayStatus Status { get; init; }

    public int? RttOpenMs { get; init; }

    public int? RttReadMs { get; init; }

    public int? RttWriteMs { get; init; }

    /// <summary>The failure that decided the status (or the first failure of an online relay), if any.</summary>
    public CheckFailure? Failure { get; init; }

    public IReadOnlyList<CheckOutcome> Checks { get; init; } = [];

    public ObservedRequirements Requirements { get; init; } = new(null, null, null, null);

    /// <summary>True when the relay answered at least one NIP-01 message correctly: the condition for a 30166.</summary>
    public bool SpokeNostr { get; init; }

    /// <summary>
    /// Whether the check is published as a 30166: the relay is up and spoke Nostr (liveness is implicit in NIP-66).
    /// The publisher signs by this rule and persistence stores it, so a run can tell how many events to wait for.
    /// Derived, so not part of the message.
    /// </summary>
    [JsonIgnore]
    public bool IsPublishable => Status != RelayStatus.Offline && SpokeNostr;

    public bool Authenticated { get; init; }

    /// <summary>The NIP-11 document, minified, or null when none was served.</summary>
    public string? Nip11Json { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    public TlsCertificate? Certificate { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }
}
