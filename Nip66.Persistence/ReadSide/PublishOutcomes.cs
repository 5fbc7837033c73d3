namespace Nip66.Persistence.ReadSide;

/// <summary>
/// A cycle's deliveries to one publish relay, each counted once by its latest attempt: by outcome (<c>accepted</c>,
/// <c>refused</c>, <c>failed</c>, ...) or <see cref="Retrying"/> while a retry is due.
/// </summary>
public sealed record PublishOutcomes(string PublishRelay, IReadOnlyList<KeyValuePair<string, int>> Counts)
{
    public const string Retrying = "retrying";
}
