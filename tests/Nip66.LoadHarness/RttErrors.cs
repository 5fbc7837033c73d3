using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.TestSupport;

namespace Nip66.LoadHarness;

/// <summary>
/// How far the stored RTTs of the cycle are from the truth (<see cref="RttTruth"/>): measured minus true per check,
/// per behaviour, for every endpoint whose truth is known.
/// </summary>
internal static class RttErrors
{
    public static async Task<IReadOnlyList<string>> LinesAsync(IServiceProvider services, IReadOnlyList<FleetEndpoint> endpoints)
    {
        var byUrl = endpoints.ToDictionary(e => RelayUrl.Parse(e.Url).Value);
        var databases = services.GetRequiredService<IDbContextFactory<MonitorDbContext>>();
        await using var db = await databases.CreateDbContextAsync();
        var rows = await db.CheckResults.Select(r => new { r.Relay!.Url, r.RttOpenMs, r.RttReadMs, r.RttWriteMs }).ToListAsync();
        var measured = rows.Where(r => byUrl.ContainsKey(r.Url)).Select(r => (Endpoint: byUrl[r.Url], Rtts: new Dictionary<CheckType, int?>
        {
            [CheckType.Open] = r.RttOpenMs,
            [CheckType.Read] = r.RttReadMs,
            [CheckType.Write] = r.RttWriteMs,
        })).ToArray();

        var lines = new List<string>();
        foreach (var behaviour in measured.Select(m => m.Endpoint.Behaviour).Distinct().Order())
        {
            foreach (var check in (CheckType[])[CheckType.Open, CheckType.Read, CheckType.Write])
            {
                var pairs = measured.Where(m => m.Endpoint.Behaviour == behaviour)
                    .Select(m => (Measured: m.Rtts[check], Truth: m.Endpoint.TrueRttMs(check)))
                    .Where(p => p.Measured is not null && p.Truth is not null)
                    .Select(p => (Measured: p.Measured!.Value, Truth: p.Truth!.Value))
                    .ToArray();
                if (ErrorSummary.Of(pairs.Select(p => p.Measured - p.Truth)) is { } summary)
                {
                    // The goal of issue 10: every RTT at or above the truth and at most 5 ms + 5% over it.
                    var within = pairs.Count(p => p.Measured >= p.Truth && p.Measured <= p.Truth + 5 + (p.Truth * 0.05)) * 100.0 / pairs.Length;
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"rtt-{check.ToString().ToLowerInvariant(),-5} error {behaviour.Name(),-9} {summary} (measured - truth); {within:F1}% within 5 ms + 5%"));
                }
            }
        }

        return lines.Count == 0 ? ["rtt error            no endpoint with a known true RTT was measured"] : lines;
    }
}
