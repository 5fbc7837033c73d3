using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>The distributed database: PostgreSQL (timestamptz, jsonb). Migrations in Migrations/Postgres.</summary>
public sealed class PostgresMonitorDbContext(DbContextOptions<PostgresMonitorDbContext> options) : MonitorDbContext(options)
{
    protected override string? JsonColumnType => "jsonb";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}
