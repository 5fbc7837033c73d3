using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence.Candidates;

/// <summary>
/// The ledger's set-based writes in each provider's SQL: a whole batch is one JSON parameter, expanded into rows by
/// <c>json_each</c> (SQLite) or <c>jsonb_to_recordset</c> (PostgreSQL), and written with <c>INSERT ... ON CONFLICT</c>,
/// so a batch costs three statements however many mentions it holds. Times are written as each provider stores them
/// (UTC ticks on SQLite, timestamptz on PostgreSQL).
/// </summary>
internal sealed class CandidateSql
{
    private static readonly CandidateSql Sqlite = new(
        postgres: false,
        insertCandidates: """
            INSERT INTO relay_candidates (url, host, state, reason, first_source_kind, first_event_id, first_author, first_seen_at, last_seen_at, authors, tries)
            SELECT json_extract(r.value, '$.url'), json_extract(r.value, '$.host'), json_extract(r.value, '$.state'), json_extract(r.value, '$.reason'),
                   json_extract(r.value, '$.kind'), json_extract(r.value, '$.event_id'), json_extract(r.value, '$.author'),
                   json_extract(r.value, '$.first_seen'), json_extract(r.value, '$.last_seen'), 0, 0
            FROM json_each({0}) AS r WHERE true
            ON CONFLICT (url) DO NOTHING
            """,
        insertMentions: """
            INSERT INTO candidate_mentions (candidate_id, author, kind, event_id, seen_at)
            SELECT c.id, json_extract(m.value, '$.author'), json_extract(m.value, '$.kind'), json_extract(m.value, '$.event_id'), json_extract(m.value, '$.seen_at')
            FROM json_each({0}) AS m JOIN relay_candidates AS c ON c.url = json_extract(m.value, '$.url') WHERE true
            ON CONFLICT (candidate_id, author) DO NOTHING
            """,
        updateSeen: """
            UPDATE relay_candidates
            SET last_seen_at = max(last_seen_at, json_extract(s.value, '$.last_seen')),
                authors = (SELECT count(*) FROM candidate_mentions AS m WHERE m.candidate_id = relay_candidates.id)
            FROM json_each({0}) AS s WHERE relay_candidates.url = json_extract(s.value, '$.url')
            """);

    private static readonly CandidateSql Postgres = new(
        postgres: true,
        insertCandidates: """
            INSERT INTO relay_candidates (url, host, state, reason, first_source_kind, first_event_id, first_author, first_seen_at, last_seen_at, authors, tries)
            SELECT r.url, r.host, r.state, r.reason, r.kind, r.event_id, r.author, r.first_seen, r.last_seen, 0, 0
            FROM jsonb_to_recordset({0}::jsonb) AS r(url text, host text, state integer, reason text, kind integer, event_id text, author text,
                                                     first_seen timestamptz, last_seen timestamptz)
            ON CONFLICT (url) DO NOTHING
            """,
        insertMentions: """
            INSERT INTO candidate_mentions (candidate_id, author, kind, event_id, seen_at)
            SELECT c.id, m.author, m.kind, m.event_id, m.seen_at
            FROM jsonb_to_recordset({0}::jsonb) AS m(url text, author text, kind integer, event_id text, seen_at timestamptz)
            JOIN relay_candidates AS c ON c.url = m.url
            ON CONFLICT (candidate_id, author) DO NOTHING
            """,
        updateSeen: """
            UPDATE relay_candidates AS c
            SET last_seen_at = GREATEST(c.last_seen_at, s.last_seen),
                authors = (SELECT count(*) FROM candidate_mentions AS m WHERE m.candidate_id = c.id)
            FROM jsonb_to_recordset({0}::jsonb) AS s(url text, last_seen timestamptz) WHERE c.url = s.url
            """);

    private readonly bool postgres;

    private CandidateSql(bool postgres, string insertCandidates, string insertMentions, string updateSeen)
    {
        this.postgres = postgres;
        InsertCandidates = insertCandidates;
        InsertMentions = insertMentions;
        UpdateSeen = updateSeen;
    }

    /// <summary>New candidates: rows of url, host, state, reason, kind, event_id, author, first_seen, last_seen.</summary>
    public string InsertCandidates { get; }

    /// <summary>The first mention per (candidate, author): rows of url, author, kind, event_id, seen_at.</summary>
    public string InsertMentions { get; }

    /// <summary>Last seen moved forward and authors recounted: rows of url, last_seen.</summary>
    public string UpdateSeen { get; }

    public static CandidateSql For(MonitorDbContext db) => db.Database.IsNpgsql() ? Postgres : Sqlite;

    /// <summary>Writes the rows <paramref name="write"/> gives as one JSON array parameter.</summary>
    public static string Rows<T>(IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartObject();
                write(writer, item);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        if (postgres)
        {
            // timestamptz keeps microseconds.
            writer.WriteString(name, value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumber(name, value.UtcTicks);
        }
    }
}
