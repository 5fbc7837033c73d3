using System.Globalization;

namespace Nip66.LoadHarness;

/// <summary>One reading of a process from /proc: CPU seconds so far, resident and peak resident memory.</summary>
internal readonly record struct ProcStat(double CpuSeconds, long RssMiB, long PeakRssMiB)
{
    // USER_HZ: 100 on every Linux kernel built for x86-64 and arm64.
    private const double TicksPerSecond = 100;

    /// <summary>Null once the process is gone.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            // Fields 14 and 15 (utime, stime) counted after the ')' that closes the command name, which may hold spaces.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = KiB(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = KiB(line);
                }
            }

            // An exited but unreaped process keeps its stat file and loses its memory lines: not a reading.
            return peak == 0 ? null : new ProcStat(ticks / TicksPerSecond, rss / 1024, peak / 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Starts this process's peak RSS over from its current RSS, after giving back the memory of what ran before (the
    /// floor, run in the same process as an embedded monitor), so that a later peak is the later work's own.
    /// </summary>
    public static void ResetOwnPeak()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
    }

    private static long KiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
