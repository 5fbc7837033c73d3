using System.Diagnostics;
using System.Text.Json;

namespace Nip66.TestSupport;

/// <summary>
/// A relay to start, on a port the system chooses.
/// <paramref name="MaxEventBytes"/> (0: none) refuses bigger events as strfry does; <paramref name="Nip11Bytes"/> (0:
/// as is) pads the NIP-11 description to that size. <paramref name="OpenDelayMs"/> answers each WebSocket upgrade and
/// <paramref name="MessageDelayMs"/> each client message that long after it arrived; <paramref name="InOrder"/> takes a
/// connection's messages one at a time, as most relays do. <paramref name="SeedFile"/> (a JSON event per line) fills the
/// store at start, unchecked: for a benchmark's own signed events, too many to publish one by one.
/// </summary>
public sealed record RelaySpec(string Name, string Mode, bool Nip11 = true, int MaxEventBytes = 0, int Nip11Bytes = 0,
    int OpenDelayMs = 0, int MessageDelayMs = 0, bool InOrder = false, string? SeedFile = null);

public sealed record StartedRelay(string Name, string Url, string Http);

/// <summary>
/// Real relays (the @nostr-relay packages) in one Node.js process on 127.0.0.1. Closing its stdin stops it, so a
/// crashed test run cannot leave relays behind.
/// </summary>
public sealed class RelayHost : IAsyncDisposable
{
    private readonly Process process;

    private RelayHost(Process process, IReadOnlyList<StartedRelay> relays)
    {
        this.process = process;
        Relays = relays;
    }

    public IReadOnlyList<StartedRelay> Relays { get; }

    public StartedRelay this[string name] => Relays.Single(r => r.Name == name);

    public static async Task<RelayHost> StartAsync(params RelaySpec[] specs)
    {
        var spec = JsonSerializer.Serialize(specs.Select(s => new { name = s.Name, mode = s.Mode, nip11 = s.Nip11, maxEventBytes = s.MaxEventBytes, nip11Bytes = s.Nip11Bytes, openDelayMs = s.OpenDelayMs, messageDelayMs = s.MessageDelayMs, inOrder = s.InOrder, seedFile = s.SeedFile }));
        var process = Process.Start(NodeScript.StartInfo("relay-host.mjs", spec))
            ?? throw new InvalidOperationException("node did not start");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            string log;
            lock (stderr)
            {
                log = stderr.ToString();
            }

            throw new InvalidOperationException($"relay-host.mjs did not report its ports: {log}");
        }

        using var doc = JsonDocument.Parse(line);
        var relays = doc.RootElement.GetProperty("relays").EnumerateArray()
            .Select(r => new StartedRelay(r.GetProperty("name").GetString()!, r.GetProperty("url").GetString()!, r.GetProperty("http").GetString()!))
            .ToArray();
        return new RelayHost(process, relays);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
