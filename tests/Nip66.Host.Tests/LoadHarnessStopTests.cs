using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Host.Tests;

/// <summary>
/// The load harness stops on SIGTERM like every other process of ours, also in the middle of a cycle. It stops the
/// monitor it runs and its fleet, says it has no figures, and exits 143. It used to leave the signal to the monitor's
/// host, which stopped nothing that the harness waited for, and ran on until its cycle ended (minutes, or a drain of
/// five more when no event was delivered).
/// </summary>
public sealed class LoadHarnessStopTests(ITestOutputHelper output)
{
    /// <summary>Generous for a loaded 2-core machine, as in <see cref="StopTests"/>.</summary>
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Cycle_stopped_by_SIGTERM_mid_cycle_exits_143_within_seconds_and_leaves_no_process_behind()
    {
        // Every relay hangs and every probe may wait five minutes: the cycle cannot end by itself during the test.
        using var harness = Nip66Process.Start(RepoPaths.LoadHarnessDll,
            ["cycle", "--relays", "20", "--hosts", "5", "--hang-percent", "100", "--timeout-ms", "300000", "--concurrency", "20", "--mode", "embedded"]);
        await harness.WaitForOutputAsync("started: 20 relays to check", timeoutSeconds: 120);

        var (stopTime, exitCode) = await harness.StopAsync(Nip66Process.Sigterm, StopBound);

        output.WriteLine($"the harness stopped {stopTime.TotalSeconds:0.00} s after SIGTERM:{Environment.NewLine}{harness.Output}");
        Assert.Equal(143, exitCode);
        Assert.Contains("stopped by SIGTERM: no figures", harness.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cycle time", harness.Stdout, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => !AnyProcessRuns(RepoPaths.LoadHarnessDll), "the fleet process the harness started to exit with it", 10);
    }

    /// <summary>Whether a process with <paramref name="dll"/> on its command line runs: the harness and its fleet child.</summary>
    private static bool AnyProcessRuns(string dll) => Directory.EnumerateDirectories("/proc")
        .Where(dir => int.TryParse(Path.GetFileName(dir), out _))
        .Any(dir => CommandLine(dir).Contains(dll, StringComparison.Ordinal));

    private static string CommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
