using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
namespace Nip66.TestSupport;

/// <summary>
/// The built host in its own process, as ./nip66 runs it (or another program of this repository, such as the load
/// harness): its output read as it comes, so a test can wait for what the process says, and stopped with a real
/// signal, as systemd, compose or a terminal stop it.
/// </summary>
public sealed class Nip66Process : IDisposable
{
    public const int Sigint = 2;
    public const int Sigterm = 15;

    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly StringBuilder output = new();
    private readonly string command;
    private readonly Task pumps;

    private Nip66Process(Process process, string command)
    {
        this.process = process;
        this.command = command;
        pumps = Task.WhenAll(PumpAsync(process.StandardOutput, stdout), PumpAsync(process.StandardError, stderr));
    }

    /// <summary>What the process wrote on stdout so far, exactly.</summary>
    public string Stdout => Read(stdout);

    public string Stderr => Read(stderr);

    /// <summary>Stdout and stderr as they came, for waiting and failure messages.</summary>
    public string Output => Read(output);

    /// <summary>
    /// Starts <c>nip66 ARGS</c> with the suite's own NIP66_* service addresses removed, so that only
    /// <paramref name="environment"/> (keys without the prefix, as in configuration) configures it.
    /// </summary>
    public static Nip66Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(RepoPaths.Nip66Dll, args, environment);

    /// <summary>Starts <c>dotnet DLL ARGS</c> as <see cref="Start(IEnumerable{string}, IReadOnlyDictionary{string, string}?)"/> starts nip66.</summary>
    public static Nip66Process Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Through env, with SIGINT and SIGQUIT back to their defaults, as a terminal starts a command: a suite run in
        // the background of a shell without job control (CI runners, `cmd &` in a script) ignores both, the ignore is
        // inherited, and .NET then leaves an ignored signal ignored, so Ctrl-C would not reach the monitor at all.
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--default-signal=INT,QUIT");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("NIP66_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment["NIP66_" + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = value;
        }

        return new Nip66Process(Process.Start(info)!, $"{Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', info.ArgumentList.Skip(3))}");
    }

    /// <summary>Waits until the process has written <paramref name="text"/>; fails at once if it exits first.</summary>
    public async Task WaitForOutputAsync(string text, int timeoutSeconds = 60)
    {
        await Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal) || process.HasExited,
            $"'{text}' from {command}; it said: {Output}", timeoutSeconds);
        if (!Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{command} exited ({process.ExitCode}) before saying '{text}': {Output}");
        }
    }

    /// <summary>Waits for the process to end on its own; returns its exit code.</summary>
    public async Task<int> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        await pumps.WaitAsync(cancel.Token);
        return process.ExitCode;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> and waits at most <paramref name="bound"/> for the process to end; returns the
    /// time from the signal to the exit, and the exit code. A process still running at the bound fails the test.
    /// </summary>
    public async Task<(TimeSpan StopTime, int ExitCode)> StopAsync(int signal, TimeSpan bound)
    {
        var watch = Stopwatch.StartNew();
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using var cancel = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{command} still ran {bound.TotalSeconds:0} s after signal {signal}; it said: {Output}");
        }

        var stopTime = watch.Elapsed;
        await pumps.WaitAsync(cancel.Token);
        return (stopTime, process.ExitCode);
    }

    /// <summary>Ends the process with SIGKILL, as a crash or an OOM kill would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static string Read(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder own)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            foreach (var text in new[] { own, output })
            {
                lock (text)
                {
                    text.Append(buffer, 0, read);
                }
            }
        }
    }

    // Process.Kill only sends SIGKILL; a graceful stop is asked with SIGTERM or SIGINT.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
