namespace Nip66.Scheduler.Sagas;

/// <summary>
/// Storage for saga documents under optimistic concurrency. Every document carries a version owned by the store:
/// an insert stores version 1, and an update is a compare-and-set that writes only when the stored version equals the
/// expected one, storing version + 1. Every write (re)sets the expiry, so sagas nobody touches any more disappear.
/// </summary>
/// <remarks>
/// The methods return false on a conflict instead of throwing; the MassTransit repository turns that into a
/// <see cref="MassTransit.ConcurrencyException"/> for the retry policy.
/// </remarks>
public interface IVersionedSagaStore
{
    /// <summary>How many writes this store refused because of a conflict (insert of an existing saga, stale version).</summary>
    long ConflictCount { get; }

    /// <summary>The stored document, or null when there is none (never written, deleted or expired).</summary>
    Task<VersionedSagaDocument?> GetAsync(Guid correlationId);

    /// <summary>Stores the document at version 1 if no saga exists with this id; false (a conflict) otherwise.</summary>
    Task<bool> TryInsertAsync(Guid correlationId, string json);

    /// <summary>
    /// Replaces the document and stores <paramref name="expectedVersion"/> + 1, only if the stored version is
    /// <paramref name="expectedVersion"/>; false (a conflict) when it differs or the saga is gone.
    /// </summary>
    Task<bool> TryUpdateAsync(Guid correlationId, string json, int expectedVersion);

    /// <summary>
    /// Deletes the saga. With an expected version, only if the stored version is that one (false on a conflict);
    /// without, unconditionally (false when there was nothing to delete).
    /// </summary>
    Task<bool> TryDeleteAsync(Guid correlationId, int? expectedVersion = null);
}
