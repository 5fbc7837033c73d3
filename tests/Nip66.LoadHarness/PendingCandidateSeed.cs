using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// <c>--candidates</c>: fleet endpoints put into the discovery ledger as pending candidates (<see cref="PendingCandidates"/>),
/// and what their validation cost the operator's relays in the same cycle.
/// </summary>
internal static class PendingCandidateSeed
{
    public static async Task AddAsync(IServiceProvider services, IReadOnlyList<string> urls)
    {
        if (urls.Count == 0)
        {
            return;
        }

        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        db.RelayCandidates.AddRange(urls.Select(url => PendingCandidates.Of(url, authors: 1)));
        await db.SaveChangesAsync();
    }

    /// <summary>When the operator's relays' checks finished, counted from the cycle's start.</summary>
    public static async Task<string> OperatorFinishLineAsync(IServiceProvider services, CycleCompleted cycle, IReadOnlyList<string> operatorRelays)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<MonitorDbContext>>().CreateDbContextAsync();
        var finished = (await db.CheckResults.AsNoTracking()
                .Where(c => c.CycleId == cycle.CycleId && operatorRelays.Contains(c.Relay!.Url))
                .Select(c => c.FinishedAt)
                .ToListAsync())
            .Select(at => (at - cycle.StartedAt).TotalSeconds)
            .Order()
            .ToArray();
        double At(double quantile) => finished.Length == 0 ? double.NaN : finished[(int)Math.Min(finished.Length - 1, quantile * finished.Length)];
        var promoted = await db.RelayCandidates.CountAsync(c => c.State == CandidateState.Promoted);
        return string.Create(CultureInfo.InvariantCulture,
            $"operator relays      {finished.Length} finished after p50 {At(0.5):0.0} s, p95 {At(0.95):0.0} s, last {At(1):0.0} s from the cycle's start; {promoted} candidates promoted");
    }
}
