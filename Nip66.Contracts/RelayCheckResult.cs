using System.Text.Json.Serialization;

namespace Nip66.Contracts;

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
