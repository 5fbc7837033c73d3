using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nip66.Persistence;

/// <summary>For <c>dotnet ef migrations add</c> only; opens no connection.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMonitorDbContext>
{
    public SqliteMonitorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteMonitorDbContext>().UseSqlite("Data Source=nip66-design.db").Options);
}
