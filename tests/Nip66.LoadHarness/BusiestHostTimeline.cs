using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.LoadHarness;

/// <summary>
/// When the busiest host's serial chain (<see cref="SerialBound"/>) ran within the cycle, from the stored results:
/// a chain that starts late or stalls is what keeps a cycle above its bound.
/// </summary>
internal static class BusiestHostTimeline
{
    public static async Task<string> LineAsync(IServiceProvider services, SerialBound bound)
    {
        var databases = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await using var db = await databases.CreateDbContextAsync();
        var rows = await db.CheckResults.Select(r => new { r.Relay!.Url, r.StartedAt, r.FinishedAt }).ToListAsync();
        if (rows.Count == 0)
        {
            return "busiest host         no result stored";
        }

        var start = rows.Min(r => r.StartedAt);
        var chain = rows.Where(r => string.Equals(RelayUrl.Parse(r.Url).Host, bound.BusiestHost, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chain.Length == 0)
        {
            return $"busiest host         no result of {bound.BusiestHost} stored";
        }

        var busy = chain.Sum(r => (r.FinishedAt - r.StartedAt).TotalSeconds);
        return string.Create(CultureInfo.InvariantCulture,
            $"busiest host         {bound.BusiestHost}: first check at {(chain.Min(r => r.StartedAt) - start).TotalSeconds:0.0} s, last done at {(chain.Max(r => r.FinishedAt) - start).TotalSeconds:0.0} s, checking {busy:0.0} s of it ({chain.Length} results)");
    }
}
