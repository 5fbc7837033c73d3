namespace Nip66.Persistence;

/// <summary>One author's mention of a candidate (table <c>candidate_mentions</c>): the first event seen per author.</summary>
public sealed class CandidateMention
{
    public long CandidateId { get; set; }

    /// <summary>The author's public key, lower-case hex.</summary>
    public required string Author { get; set; }

    public int Kind { get; set; }

    public required string EventId { get; set; }

    public DateTimeOffset SeenAt { get; set; }
}
