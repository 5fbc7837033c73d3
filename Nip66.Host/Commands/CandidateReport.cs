using System.Globalization;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;

namespace Nip66.Host.Commands;

/// <summary><c>relays candidates</c>: the discovery ledger as a table of states by source kind, then the top reasons.</summary>
public static class CandidateReport
{
    public static async Task WriteAsync(CandidateSummary summary, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(stdout);
        var states = Enum.GetValues<CandidateState>();
        await stdout.WriteLineAsync("candidates: " + string.Join(", ", states.Select(s => $"{summary.Count(s)} {Name(s)}")));
        if (summary.Counts.Count == 0)
        {
            return;
        }

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync($"{"first seen in",-14}" + string.Concat(states.Select(s => $"{Name(s),10}")));
        foreach (var kind in summary.Counts.Select(c => c.SourceKind).Distinct().Order())
        {
            var row = states.Select(s => summary.Counts.Where(c => c.SourceKind == kind && c.State == s).Sum(c => c.Count));
            await stdout.WriteLineAsync($"{"kind " + kind.ToString(CultureInfo.InvariantCulture),-14}" + string.Concat(row.Select(n => $"{n,10}")));
        }

        await WriteReasonsAsync("refused", summary.TopRefusals, stdout);
        await WriteReasonsAsync("retired", summary.TopRetirements, stdout);
    }

    static async Task WriteReasonsAsync(string title, IReadOnlyList<ReasonCount> reasons, TextWriter stdout)
    {
        if (reasons.Count == 0)
        {
            return;
        }

        await stdout.WriteLineAsync();
        await stdout.WriteLineAsync($"{title}, by reason:");
        foreach (var reason in reasons)
        {
            await stdout.WriteLineAsync($"{reason.Count,10}  {reason.Reason}");
        }
    }

    static string Name(CandidateState state) => state.ToString().ToLowerInvariant();
}
