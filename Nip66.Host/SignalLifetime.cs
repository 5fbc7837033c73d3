using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace Nip66.Host;

/// <summary>
/// Turns SIGINT (Ctrl-C), SIGQUIT and SIGTERM into a graceful stop of the host, like the console lifetime it
/// replaces, and remembers which signal came first, so that a command can name it and exit with its code.
/// </summary>
public sealed class SignalLifetime(IHostApplicationLifetime lifetime) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> registrations = [];
    private PosixSignal? received;

    /// <summary>The signal as a shell names it; "a stop request" when the stop came from elsewhere.</summary>
    public string Name => Received switch
    {
        PosixSignal.SIGINT => "SIGINT",
        PosixSignal.SIGQUIT => "SIGQUIT",
        PosixSignal.SIGTERM => "SIGTERM",
        _ => "a stop request",
    };

    /// <summary>128 + the signal's number, as a shell reports a process the signal ended: 130 SIGINT, 131 SIGQUIT, 143 SIGTERM (or any other stop).</summary>
    public int ExitCode => 128 + Received switch
    {
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    private PosixSignal? Received
    {
        get
        {
            lock (registrations)
            {
                return received;
            }
        }
    }

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        Listen();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Handles the signals from now on, before the host starts too: a process that is PID 1 in a container gets no
    /// default action, so a SIGTERM during migrations would otherwise be ignored. Calling it again changes nothing.
    /// </summary>
    public void Listen()
    {
        lock (registrations)
        {
            if (registrations.Count == 0)
            {
                foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM })
                {
                    registrations.Add(PosixSignalRegistration.Create(signal, Stop));
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        lock (registrations)
        {
            registrations.ForEach(r => r.Dispose());
            registrations.Clear();
        }
    }

    private void Stop(PosixSignalContext context)
    {
        // The stop is ours to run: the host stops its services, then Main returns the exit code.
        context.Cancel = true;
        lock (registrations)
        {
            received ??= context.Signal;
        }

        lifetime.StopApplication();
    }
}
