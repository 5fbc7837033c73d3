namespace Nip66.Persistence.ReadSide;

/// <summary>Where the network mentioned a relay (its <see cref="RelayCandidate"/> row): first source, first author, how widely.</summary>
/// <param name="FirstSourceKind">The event kind it was first seen in (10002, 3, 30002, 30166).</param>
/// <param name="Authors">How many distinct authors mention it.</param>
/// <param name="PromotedAt">When a check first saw it speak Nostr; null for a relay the operator added before it was promoted.</param>
public sealed record RelayProvenance(
    int FirstSourceKind, string FirstEventId, string FirstAuthor, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, int Authors, DateTimeOffset? PromotedAt);
