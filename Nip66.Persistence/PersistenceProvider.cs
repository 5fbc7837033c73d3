namespace Nip66.Persistence;

public enum PersistenceProvider
{
    /// <summary>Embedded mode: one SQLite file.</summary>
    Sqlite,

    /// <summary>Distributed mode: PostgreSQL.</summary>
    Postgres,
}
