using Microsoft.EntityFrameworkCore;

namespace Nip66.Persistence;

/// <summary>Serves the provider's derived context as a <see cref="MonitorDbContext"/>.</summary>
internal sealed class MonitorDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<MonitorDbContext>
    where TContext : MonitorDbContext
{
    public MonitorDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<MonitorDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
}
