using System.Diagnostics;
using System.Text;

namespace Nip66.TestSupport;

/// <summary>Runs the Node.js helpers of tests/relays. A missing Node.js or npm install fails the test, loudly.</summary>
public static class NodeScript
{
    public static ProcessStartInfo StartInfo(string script, params string[] args)
    {
        var path = Path.Combine(RepoPaths.RelaysFolder, script);
        if (!Directory.Exists(Path.Combine(RepoPaths.RelaysFolder, "node_modules")))
        {
            throw new InvalidOperationException(
                $"tests/relays/node_modules is missing: run 'npm ci' in {RepoPaths.RelaysFolder} (the test script does this).");
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepoPaths.RelaysFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary>Runs a script to completion with the given stdin and returns its stdout; a non-zero exit throws.</summary>
    public static async Task<string> RunAsync(string script, string? stdin, TimeSpan timeout, params string[] args)
    {
        using var process = Process.Start(StartInfo(script, args)) ?? throw new InvalidOperationException("node did not start");
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cts.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout}");
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await stderr}");
        }

        return output;
    }
}
