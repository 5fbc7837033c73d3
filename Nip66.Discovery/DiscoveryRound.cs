namespace Nip66.Discovery;

/// <summary>One round of the <see cref="DiscoveryService"/>: every source on every discovery relay.</summary>
/// <param name="Sources">In the order read; a source that failed (database, bug) is missing and was logged.</param>
/// <param name="Failed">Reads that failed with an exception.</param>
public sealed record DiscoveryRound(IReadOnlyList<SourceRound> Sources, int Failed, TimeSpan Duration);
