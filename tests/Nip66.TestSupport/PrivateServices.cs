using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nip66.TestSupport;

public enum PrivateService
{
    RabbitMq,
    Redis,
    Postgres,
}

/// <summary>
/// Copies of RabbitMQ, Redis and PostgreSQL that belong to one test, on free ports with data in a scratch folder of
/// their own, started through scripts/services. Fault tests stop, kill and restart these; the suite's shared
/// services on the default ports are never touched. Disposing stops whatever still runs and deletes the folder.
/// </summary>
public sealed class PrivateServices : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private readonly string scratch;
    private readonly int rabbitMqPort = FreePort();
    private readonly int redisPort = FreePort();
    private readonly int postgresPort = FreePort();
    private readonly string nodeName = $"rabbit-faults-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}@localhost";

    private PrivateServices()
    {
        // World-traversable: PostgreSQL runs as the postgres user and must reach its data folder inside.
        scratch = Path.Combine(Path.GetTempPath(), "nip66-faults-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(scratch);
        File.SetUnixFileMode(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public int RabbitMqManagementPort { get; } = FreePort();

    private int RabbitMqDistributionPort { get; } = FreePort();

    /// <summary>amqp:// URI of the private broker's default virtual host.</summary>
    public string RabbitMq => $"amqp://guest:guest@127.0.0.1:{rabbitMqPort}/";

    public string Redis => $"127.0.0.1:{redisPort}";

    public string Postgres => $"Host=127.0.0.1;Port={postgresPort};Database=nip66;Username=nip66;Password=nip66";

    /// <summary>Starts the given services (each a fresh copy); Redis fsyncs every write so kill -9 loses nothing.</summary>
    public static async Task<PrivateServices> StartAsync(params PrivateService[] services)
    {
        var started = new PrivateServices();
        try
        {
            await started.StartAsync(services.Select(Name).ToArray());
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }

        return started;
    }

    /// <summary>Starts a stopped or killed service again, on the same port and with the same data.</summary>
    public Task StartAsync(PrivateService service) => StartAsync([Name(service)]);

    /// <summary>A graceful stop (rabbitmqctl stop, SHUTDOWN, pg_ctl stop -m fast).</summary>
    public Task StopAsync(PrivateService service) => RunScriptAsync("stop", [Name(service)]);

    /// <summary>SIGKILL to the server's whole process group: no chance to flush or close anything.</summary>
    public async Task KillAsync(PrivateService service)
    {
        var pid = int.Parse((await File.ReadAllLinesAsync(PidFile(service)))[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var group = ProcessGroup(pid);
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", $"-{group}"]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        var watch = Stopwatch.StartNew();
        while (IsRunning(pid))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{Name(service)} (pid {pid}) survived SIGKILL for 30 s");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunScriptAsync("stop", []);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private Task StartAsync(string[] names) => RunScriptAsync("start", names);

    private string PidFile(PrivateService service) => service switch
    {
        PrivateService.RabbitMq => Path.Combine(scratch, "rabbitmq", "rabbitmq.pid"),
        PrivateService.Redis => Path.Combine(scratch, "redis", "redis.pid"),
        _ => Path.Combine(scratch, "postgres", "data", "postmaster.pid"),
    };

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')')..] is not [')', ' ', 'Z', ..];
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int ProcessGroup(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so count from the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Name(PrivateService service) => service switch
    {
        PrivateService.RabbitMq => "rabbitmq",
        PrivateService.Redis => "redis",
        _ => "postgres",
    };

    private async Task RunScriptAsync(string command, string[] names)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "services"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(command);
        foreach (var name in names)
        {
            info.ArgumentList.Add(name);
        }

        info.Environment["NIP66_SERVICES_DIR"] = scratch;
        info.Environment["NIP66_RABBITMQ_PORT"] = rabbitMqPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["NIP66_RABBITMQ_MANAGEMENT_PORT"] = RabbitMqManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["NIP66_RABBITMQ_DIST_PORT"] = RabbitMqDistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["NIP66_RABBITMQ_NODENAME"] = nodeName;
        info.Environment["NIP66_REDIS_PORT"] = redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["NIP66_REDIS_APPENDFSYNC"] = "always";
        info.Environment["NIP66_POSTGRES_PORT"] = postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("scripts/services did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/services {command} {string.Join(' ', names)} did not finish within {ScriptTimeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/services {command} {string.Join(' ', names)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
