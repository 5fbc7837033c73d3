using System.Text.Json.Serialization;
using Nip66.Nostr;

namespace Nip66.Contracts;

/// <summary>The whole result of checking one relay once.</summary>
public sealed record RelayCheckResult
{
    public required string Url { get; init; }

    /// <summary>Worked out by the checker from the URL it checked; the 30166 <c>n</c> tag and the reports use it as is.</summary>
    [JsonConverter(typeof(NetworkNameJsonConverter))]
    public required RelayNetwork Network { get; init; }

    public required RelayStatus Status { get; init; }

    public int? RttOpenMs { get; init; }

    public int? RttReadMs { get; init; }

    public int? RttWriteMs { get; init; }

    /// <summary>The failure that decided the status (or the first failure of an online relay), if any.</summary>
    public CheckFailure? Failure { get; init; }

    public IReadOnlyList<CheckOutcome> Checks { get; init; } = [];

    public ObservedRequirements Requirements { get; init; } = new(null, null, null, null);

    /// <summary>
    /// True when the relay spoke Nostr: EOSE, a valid EVENT or CLOSED to the read, an OK for an event the check sent,
    /// or a NIP-42 AUTH challenge (so a relay that answers only <c>auth-required:</c> counts). The condition for a
    /// 30166 and for promoting a candidate.
    /// </summary>
    public bool SpokeNostr { get; init; }

    /// <summary>
    /// Whether the check is published as a 30166: the relay is up and spoke Nostr (liveness is implicit in NIP-66).
    /// The publisher signs by this rule and persistence stores it, so a run can tell how many events to wait for.
    /// Derived, so not part of the message.
    /// </summary>
    [JsonIgnore]
    public bool IsPublishable => Status != RelayStatus.Offline && SpokeNostr;

    public bool Authenticated { get; init; }

    /// <summary>
    /// The relay's NIP-11 document as the checker parsed it, once, or null when none was served: its fields for the
    /// 30166 tags and the reports, its made-safe JSON (<see cref="Nip11Document.Json"/>) for the 30166 content and
    /// the database.
    /// </summary>
    public Nip11Document? Nip11 { get; init; }

    public IReadOnlyList<string> Addresses { get; init; } = [];

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }
}
