using Nip66.Persistence;

namespace Nip66.TestSupport;

/// <summary>Candidate rows as the discovery ledger writes them, for tests and the load harness that seed validation directly.</summary>
public static class PendingCandidates
{
    /// <summary>A pending candidate first seen now in a kind 10002 event, mentioned by <paramref name="authors"/> authors.</summary>
    public static RelayCandidate Of(string url, int authors) => new()
    {
        Url = url,
        Host = new Uri(url).Host,
        FirstSourceKind = 10002,
        FirstEventId = new string('e', 64),
        FirstAuthor = new string('a', 64),
        FirstSeenAt = DateTimeOffset.UtcNow,
        LastSeenAt = DateTimeOffset.UtcNow,
        Authors = authors,
    };
}
