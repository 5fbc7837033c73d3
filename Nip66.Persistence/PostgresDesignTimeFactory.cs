using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nip66.Persistence;

/// <summary>For <c>dotnet ef migrations add</c> only; opens no connection.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMonitorDbContext>
{
    public PostgresMonitorDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMonitorDbContext>()
            .UseNpgsql("Host=127.0.0.1;Port=5432;Database=nip66;Username=nip66;Password=nip66")
            .Options);
}
