using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>The embedded database: one SQLite file in the data folder. Migrations in Migrations/Sqlite.</summary>
public sealed class SqliteMonitorDbContext(DbContextOptions<SqliteMonitorDbContext> options) : MonitorDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}
