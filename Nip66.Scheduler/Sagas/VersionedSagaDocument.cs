namespace Nip66.Scheduler.Sagas;

/// <summary>A stored saga: its JSON document and the version the store holds for it.</summary>
public readonly record struct VersionedSagaDocument(string Json, int Version);
