using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nip66.TestSupport;
using Xunit.Abstractions;

namespace Nip66.Host.Tests;

/// <summary>
/// The container deployment as files: the compose stack (validated by docker-compose itself, offline), the Podman
/// Quadlet units (parsed; Quadlet needs Podman 4.4+ and this machine has 4.3 at most, so they are not generated),
/// the Grafana dashboard and Prometheus configuration, and the Dockerfile's restore layer.
/// </summary>
public sealed partial class DeploymentFilesTests(ITestOutputHelper output)
{
    private static readonly string[] Roles = ["scheduler", "checker", "publisher", "persistence"];

    private static readonly string[] BackingServices = ["rabbitmq", "redis", "postgres"];

    /// <summary>The roles that sign as the monitor, and so alone get its key.</summary>
    private static readonly string[] SigningRoles = ["checker", "publisher"];

    /// <summary>The passwords compose requires (no default), with the values these tests give them.</summary>
    private static readonly Dictionary<string, string> ComposePasswords = new(StringComparer.Ordinal)
    {
        ["POSTGRES_PASSWORD"] = "postgres0secret",
        ["RABBITMQ_PASSWORD"] = "rabbitmq0secret",
        ["REDIS_PASSWORD"] = "redis0secret",
        ["GRAFANA_PASSWORD"] = "grafana0secret",
    };

    /// <summary>Every third-party image, pinned to a supported release line (compose service, image).</summary>
    private static readonly Dictionary<string, string> PinnedImages = new(StringComparer.Ordinal)
    {
        ["rabbitmq"] = "rabbitmq:4.3-management",
        ["redis"] = "redis:8.8",
        ["postgres"] = "postgres:17",
        ["prometheus"] = "prom/prometheus:v3.13.2",
        ["grafana"] = "grafana/grafana:13.1.0",
    };

    private static readonly string[] DashboardMetrics =
    [
        "nip66_check_duration_seconds", "nip66_check_failures_total", "nip66_relay_checks_total",
        "nip66_cycle_duration_seconds", "nip66_cycle_checked", "nip66_cycle_expected", "nip66_cycle_lateness_seconds",
        "nip66_cycles_skipped_total", "nip66_publish_total", "messaging_masstransit_consume_total",
        "messaging_masstransit_consume_fault_total", "messaging_masstransit_receive_in_progress", "rabbitmq_queue_messages",
    ];

    private static string ComposeFile => Path.Combine(RepoPaths.Root, "compose", "compose.yaml");

    private static string QuadletFolder => Path.Combine(RepoPaths.Root, "deploy", "quadlet");

    private static string GrafanaFolder => Path.Combine(RepoPaths.Root, "deploy", "grafana");

    [Fact]
    public async Task Compose_file_validates_with_docker_compose_and_has_every_service()
    {
        var (exitCode, stdout, stderr) = await ComposeConfigAsync(ComposePasswords);
        Assert.True(exitCode == 0, $"docker-compose config exited with {exitCode}:\n{stderr}");
        var config = Lines(stdout);
        var services = Children(config, "services", 0).Where(line => Indent(line) == 2).Select(line => line.Trim().TrimEnd(':')).ToArray();

        foreach (var service in BackingServices.Concat(Roles).Append("prometheus"))
        {
            Assert.Contains(service, services);
        }

        var (listed, serviceNames, _) = await ComposeConfigAsync(ComposePasswords, "--services");
        Assert.Equal(0, listed);
        Assert.Contains("checker", Lines(serviceNames));
    }

    [Fact]
    public async Task Compose_roles_run_one_image_with_the_key_after_healthy_backing_services_and_checkers_scale()
    {
        var (exitCode, stdout, stderr) = await ComposeConfigAsync(ComposePasswords);
        Assert.True(exitCode == 0, stderr);
        var services = Children(Lines(stdout), "services", 0);

        foreach (var role in Roles)
        {
            var service = Children(services, role, 2);
            Assert.Contains("    image: nip66:latest", service);
            Assert.Contains("    build:", service);
            Assert.Contains("    - run", Children(service, "command", 4));
            Assert.Contains("    restart: unless-stopped", service);
            Assert.Contains(role, Assert.Single(service, line => line.StartsWith("      NIP66_ROLES: ", StringComparison.Ordinal)).Split(':')[1].Trim().Split(','));
            Assert.Contains("      NIP66_MODE: distributed", service);
            if (SigningRoles.Contains(role))
            {
                Assert.Contains("      NIP66_KEYFILE: /run/secrets/monitor_key", service);
                Assert.Contains("    - source: monitor_key", Children(service, "secrets", 4));
            }
            else
            {
                Assert.DoesNotContain(service, line => line.Contains("KEYFILE", StringComparison.Ordinal) || line.Contains("monitor_key", StringComparison.Ordinal));
            }

            Assert.Contains("      NIP66_REDIS: redis:6379,password=redis0secret", service);
            Assert.Contains("      NIP66_RABBITMQ: amqp://nip66:rabbitmq0secret@rabbitmq:5672/", service);
            Assert.Contains(service, line => line.StartsWith("      NIP66_POSTGRES: ", StringComparison.Ordinal) && line.EndsWith(";Password=postgres0secret", StringComparison.Ordinal));
            var dependsOn = Children(service, "depends_on", 4);
            foreach (var backing in BackingServices)
            {
                Assert.Contains("        condition: service_healthy", Children(dependsOn, backing, 6));
            }
        }

        // A published host port or a container name would make a second replica collide.
        var checkerKeys = Children(services, "checker", 2).Where(line => Indent(line) == 4 && !line.TrimStart().StartsWith('-')).Select(Key).ToArray();
        Assert.DoesNotContain("ports", checkerKeys);
        Assert.DoesNotContain("container_name", checkerKeys);

        Assert.Contains("    - 127.0.0.1:8066:8066/tcp", Children(Children(services, "scheduler", 2), "ports", 4));
        Assert.Contains("      NIP66_ROLES: scheduler,web", Children(services, "scheduler", 2));
        var rabbitPorts = Children(Children(services, "rabbitmq", 2), "ports", 4);
        Assert.Contains("    - 127.0.0.1:15672:15672/tcp", rabbitPorts);
        Assert.Contains("    - 127.0.0.1:5672:5672/tcp", rabbitPorts);
        foreach (var backing in BackingServices)
        {
            Assert.NotEmpty(Children(Children(Children(services, backing, 2), "healthcheck", 4), "test", 6));
        }

        Assert.Contains(Lines(stdout), line => line.StartsWith("    file: ", StringComparison.Ordinal) && line.EndsWith("/compose/secrets/monitor.key", StringComparison.Ordinal));
        Assert.Contains("    - grafana", Children(Children(services, "grafana", 2), "profiles", 4));
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("RABBITMQ_PASSWORD")]
    [InlineData("REDIS_PASSWORD")]
    [InlineData("GRAFANA_PASSWORD")]
    public async Task Compose_refuses_to_start_without_each_password_and_names_it(string missing)
    {
        foreach (var value in new[] { null, string.Empty })
        {
            var variables = new Dictionary<string, string>(ComposePasswords);
            variables.Remove(missing);
            if (value is not null)
            {
                variables[missing] = value;
            }

            var (exitCode, _, stderr) = await ComposeConfigAsync(variables);

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"set {missing} in compose/.env (see .env.example)", stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Compose_redis_requires_the_password_its_healthcheck_and_the_roles_use()
    {
        var (exitCode, stdout, stderr) = await ComposeConfigAsync(ComposePasswords);
        Assert.True(exitCode == 0, stderr);
        var redis = Children(Children(Lines(stdout), "services", 0), "redis", 2);

        var command = Children(redis, "command", 4).Select(line => line.Trim().TrimStart('-').Trim()).ToArray();
        Assert.Equal("redis0secret", command[Array.IndexOf(command, "--requirepass") + 1]);
        Assert.Contains("      REDISCLI_AUTH: redis0secret", redis);
        Assert.Contains("      - redis-cli ping | grep -q PONG", Children(Children(redis, "healthcheck", 4), "test", 6));

        // The example file leaves every password empty: used as it is, compose refuses it.
        var example = File.ReadAllLines(Path.Combine(RepoPaths.Root, "compose", ".env.example"));
        foreach (var password in ComposePasswords.Keys)
        {
            Assert.Contains($"{password}=", example);
        }
    }

    [Fact]
    public async Task Compose_and_quadlet_pin_every_image_to_a_supported_release()
    {
        var (exitCode, stdout, stderr) = await ComposeConfigAsync(ComposePasswords);
        Assert.True(exitCode == 0, stderr);
        var services = Children(Lines(stdout), "services", 0);
        foreach (var (service, image) in PinnedImages)
        {
            Assert.Contains($"    image: {image}", Children(services, service, 2));
        }

        foreach (var (service, image) in PinnedImages.Where(pair => BackingServices.Contains(pair.Key)))
        {
            Assert.Equal($"docker.io/library/{image}", Unit($"nip66-{service}.container").Single("Container", "Image"));
        }

        // Nothing else floats: every image but the monitor's own build names a tag other than latest.
        var images = Lines(stdout).Where(line => line.StartsWith("    image: ", StringComparison.Ordinal)).Select(line => line["    image: ".Length..]).ToArray();
        Assert.All(images.Where(image => image != "nip66:latest"), image => Assert.Contains(image, PinnedImages.Values));
    }

    [Fact]
    public async Task Quadlet_units_define_every_role_on_one_network_with_the_monitor_key()
    {
        if (FindOnPath("podman") is { } podman)
        {
            var version = await RunAsync(podman, "--version");
            output.WriteLine($"{version.Stdout.Trim()} (Quadlet needs 4.4+, these units 5.0+; not generated here)");
        }

        foreach (var name in new[] { "nip66.network", "nip66-postgres.volume", "nip66-redis.volume", "nip66-data.volume", "nip66.env", "README.md" })
        {
            Assert.True(File.Exists(Path.Combine(QuadletFolder, name)), $"deploy/quadlet/{name} is missing");
        }

        Assert.Equal("nip66", Unit("nip66.network").Single("Network", "NetworkName"));
        var images = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in Roles)
        {
            var file = role == "checker" ? "nip66-checker@.container" : $"nip66-{role}.container";
            var unit = Unit(file);
            images.Add(unit.Single("Container", "Image"));
            Assert.Contains(role, Assert.Single(unit.All("Container", "Environment"), e => e.StartsWith("NIP66_ROLES=", StringComparison.Ordinal))["NIP66_ROLES=".Length..].Split(','));
            if (SigningRoles.Contains(role))
            {
                Assert.Contains("NIP66_KEYFILE=/run/secrets/monitor_key", unit.All("Container", "Environment"));
                var secret = unit.Single("Container", "Secret").Split(',');
                Assert.Equal("nip66-monitor-key", secret[0]);
                Assert.Contains("target=monitor_key", secret);
                Assert.Contains("uid=1654", secret);
            }
            else
            {
                Assert.DoesNotContain(unit.All("Container", "Environment"), e => e.StartsWith("NIP66_KEYFILE=", StringComparison.Ordinal));
                Assert.Empty(unit.All("Container", "Secret"));
            }

            Assert.Equal("run", unit.Single("Container", "Exec"));
            foreach (var backing in BackingServices)
            {
                Assert.Contains($"nip66-{backing}.service", unit.Words("Unit", "Requires"));
                Assert.Contains($"nip66-{backing}.service", unit.Words("Unit", "After"));
            }
        }

        Assert.Single(images);
        var checker = Unit("nip66-checker@.container");
        Assert.Contains("%i", checker.Single("Container", "ContainerName"), StringComparison.Ordinal);
        Assert.NotEmpty(checker.Single("Install", "DefaultInstance"));
        Assert.Equal("127.0.0.1:8066:8066", Unit("nip66-scheduler.container").Single("Container", "PublishPort"));
        Assert.Contains("NIP66_ROLES=scheduler,web", Unit("nip66-scheduler.container").All("Container", "Environment"));
        Assert.Equal("/var/lib/nip66", Unit("nip66-scheduler.container").Single("Container", "Volume").Split(':')[1]);
        Assert.Empty(Directory.GetFiles(QuadletFolder, "nip66-checker-*.container"));
    }

    [Fact]
    public void Quadlet_containers_have_the_required_keys_and_their_references_resolve()
    {
        var containers = Directory.GetFiles(QuadletFolder, "*.container").Select(Path.GetFileName).OfType<string>().ToArray();
        foreach (var expected in BackingServices.Select(s => $"nip66-{s}.container").Concat(["nip66-scheduler.container", "nip66-checker@.container", "nip66-publisher.container", "nip66-persistence.container"]))
        {
            Assert.Contains(expected, containers);
        }

        foreach (var file in containers)
        {
            var unit = Unit(file);
            Assert.NotEmpty(unit.Single("Unit", "Description"));
            Assert.NotEmpty(unit.Single("Container", "Image"));
            Assert.Equal("nip66.network", unit.Single("Container", "Network"));
            Assert.Equal("always", unit.Single("Service", "Restart"));
            Assert.Equal("default.target", unit.Single("Install", "WantedBy"));
            foreach (var key in unit.Keys("Container"))
            {
                Assert.True(QuadletContainerKeys.Contains(key), $"{file}: [Container] {key}= is not a Quadlet key");
            }

            foreach (var volume in unit.All("Container", "Volume").Select(v => v.Split(':')[0]).Where(v => v.EndsWith(".volume", StringComparison.Ordinal)))
            {
                Assert.True(File.Exists(Path.Combine(QuadletFolder, volume)), $"{file}: {volume} does not exist");
                Assert.NotNull(Unit(volume).Sections.GetValueOrDefault("Volume"));
            }

            foreach (var envFile in unit.All("Container", "EnvironmentFile"))
            {
                Assert.True(File.Exists(Path.Combine(QuadletFolder, envFile)), $"{file}: {envFile} does not exist");
            }

            foreach (var service in unit.Words("Unit", "Requires").Concat(unit.Words("Unit", "After")))
            {
                var container = Path.ChangeExtension(service, ".container");
                Assert.True(File.Exists(Path.Combine(QuadletFolder, container)), $"{file}: {service} has no {container}");
            }
        }

        // The monitor's connection strings name the backing containers as the units name them.
        var env = File.ReadAllLines(Path.Combine(QuadletFolder, "nip66.env"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        Assert.Equal("distributed", env["NIP66_MODE"]);
        var rabbit = Unit("nip66-rabbitmq.container").Single("Container", "ContainerName");
        var redis = Unit("nip66-redis.container").Single("Container", "ContainerName");
        var postgres = Unit("nip66-postgres.container");
        Assert.Equal(rabbit, new Uri(env["NIP66_RABBITMQ"]).Host);
        Assert.Equal($"{redis}:6379,password={env["REDIS_PASSWORD"]}", env["NIP66_REDIS"]);
        var redisUnit = Unit("nip66-redis.container");
        Assert.Contains("nip66.env", redisUnit.All("Container", "EnvironmentFile"));
        // $$ is systemd's escape for $: the container's shell reads REDIS_PASSWORD from nip66.env.
        Assert.Contains("--requirepass \"$$REDIS_PASSWORD\"", redisUnit.Single("Container", "Exec"), StringComparison.Ordinal);
        Assert.StartsWith("REDISCLI_AUTH=\"$$REDIS_PASSWORD\" redis-cli ping", redisUnit.Single("Container", "HealthCmd"), StringComparison.Ordinal);
        // One placeholder per password, replaced by the install steps: each names its service, none is shared.
        Assert.Equal(["replace-me-postgres", "replace-me-rabbitmq", "replace-me-redis"],
            new[] { env["POSTGRES_PASSWORD"], env["RABBITMQ_DEFAULT_PASS"], env["REDIS_PASSWORD"] });
        Assert.Contains($"Host={postgres.Single("Container", "ContainerName")};", env["NIP66_POSTGRES"], StringComparison.Ordinal);
        Assert.Contains($"Username={env["POSTGRES_USER"]};", env["NIP66_POSTGRES"], StringComparison.Ordinal);
        Assert.Contains($"Password={env["POSTGRES_PASSWORD"]}", env["NIP66_POSTGRES"], StringComparison.Ordinal);
        Assert.Equal($"pg_isready -U {env["POSTGRES_USER"]} -d {env["POSTGRES_DB"]}", postgres.Single("Container", "HealthCmd"));
        Assert.Equal($"{env["RABBITMQ_DEFAULT_USER"]}:{env["RABBITMQ_DEFAULT_PASS"]}", new Uri(env["NIP66_RABBITMQ"]).UserInfo);
    }

    [Fact]
    public void Grafana_dashboard_parses_and_charts_every_metric()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(GrafanaFolder, "nip66-dashboard.json")));
        var root = dashboard.RootElement;
        Assert.False(string.IsNullOrEmpty(root.GetProperty("uid").GetString()));
        Assert.Contains(root.GetProperty("templating").GetProperty("list").EnumerateArray(),
            variable => variable.GetProperty("name").GetString() == "DS_PROMETHEUS" && variable.GetProperty("type").GetString() == "datasource");

        var panels = Flatten(root.GetProperty("panels")).ToArray();
        Assert.Equal(panels.Length, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var expressions = new List<string>();
        foreach (var panel in panels.Where(p => p.TryGetProperty("targets", out _)))
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                Assert.Contains(target.GetProperty("datasource").GetProperty("uid").GetString(), new[] { "${DS_PROMETHEUS}", "prometheus" });
                expressions.Add(target.GetProperty("expr").GetString()!);
            }
        }

        foreach (var metric in DashboardMetrics)
        {
            Assert.True(expressions.Exists(e => e.Contains(metric, StringComparison.Ordinal)), $"no panel queries {metric}");
        }

        foreach (var quantile in new[] { "0.5", "0.95" })
        {
            Assert.Contains(expressions, e => e.StartsWith($"histogram_quantile({quantile}, sum by (le, check) (", StringComparison.Ordinal)
                && e.Contains("nip66_check_duration_seconds_bucket", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Grafana_provisioning_matches_the_compose_mounts()
    {
        var datasource = File.ReadAllText(Path.Combine(GrafanaFolder, "provisioning", "datasources", "prometheus.yaml"));
        Assert.Contains("uid: prometheus", datasource, StringComparison.Ordinal);
        Assert.Contains("url: http://prometheus:9090", datasource, StringComparison.Ordinal);

        var provider = File.ReadAllText(Path.Combine(GrafanaFolder, "provisioning", "dashboards", "nip66.yaml"));
        var path = PathKey().Match(provider);
        Assert.True(path.Success, "the dashboard provider has no options.path");
        var compose = File.ReadAllText(ComposeFile);
        Assert.Contains($"../deploy/grafana/nip66-dashboard.json:{path.Groups[1].Value}/", compose, StringComparison.Ordinal);
        Assert.Contains("../deploy/grafana/provisioning:/etc/grafana/provisioning", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_scrapes_every_role_and_rabbitmq()
    {
        var config = File.ReadAllText(Path.Combine(RepoPaths.Root, "compose", "prometheus.yml"));
        var names = DnsNames().Match(config);
        Assert.True(names.Success, "prometheus.yml has no dns_sd_configs names list");
        var listed = names.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var role in Roles)
        {
            Assert.Contains(role, listed);
        }

        Assert.Contains("port: 8066", config, StringComparison.Ordinal);
        Assert.Contains("rabbitmq:15692", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_restores_every_project_the_host_needs_and_runs_as_documented()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile"));
        var copies = dockerfile.Where(line => line.StartsWith("COPY ", StringComparison.Ordinal)).ToArray();
        foreach (var project in ProjectClosure(Path.Combine(RepoPaths.Root, "Nip66.Host", "Nip66.Host.csproj")))
        {
            var relative = Path.GetRelativePath(RepoPaths.Root, project).Replace('\\', '/');
            Assert.True(Array.Exists(copies, line => line.Contains($" {relative} ", StringComparison.Ordinal)), $"the Dockerfile's restore layer does not copy {relative}");
        }

        foreach (var shared in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "MonitorRuntime.props" })
        {
            Assert.Contains(copies, line => line.Contains($" {shared} ", StringComparison.Ordinal));
        }

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        Assert.Contains(dockerfile, line => line.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/nip66.dll\"]", dockerfile);
        Assert.Contains("CMD [\"run\"]", dockerfile);
        Assert.Contains("EXPOSE 8066", dockerfile);
        // The host binds NIP66_URLS (loopback by default), not ASPNETCORE_URLS: in a container it must be every interface.
        Assert.Contains(dockerfile, line => line.Contains("NIP66_URLS=http://0.0.0.0:8066", StringComparison.Ordinal));
        Assert.Contains(dockerfile, line => line.StartsWith("USER ", StringComparison.Ordinal) && !line.Contains("root", StringComparison.Ordinal));

        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"));
        foreach (var entry in new[] { "**/bin/", "**/obj/", "**/node_modules/", ".git/", ".scratch/", ".data/", "tests/" })
        {
            Assert.Contains(entry, ignored);
        }

        // Warnings are errors and .editorconfig sets the analyzers' severities: the build needs it.
        Assert.DoesNotContain(ignored, line => line.Contains("editorconfig", StringComparison.Ordinal));
    }

    private static readonly HashSet<string> QuadletContainerKeys = new(StringComparer.Ordinal)
    {
        "AddCapability", "AddDevice", "AddHost", "Annotation", "AutoUpdate", "CgroupsMode", "ContainerName", "ContainersConfModule",
        "DNS", "DNSOption", "DNSSearch", "DropCapability", "Entrypoint", "Environment", "EnvironmentFile", "EnvironmentHost", "Exec",
        "ExposeHostPort", "GIDMap", "GlobalArgs", "Group", "GroupAdd", "HealthCmd", "HealthInterval", "HealthOnFailure", "HealthRetries",
        "HealthStartPeriod", "HealthStartupCmd", "HealthStartupInterval", "HealthStartupRetries", "HealthStartupSuccess",
        "HealthStartupTimeout", "HealthTimeout", "HostName", "Image", "IP", "IP6", "Label", "LogDriver", "LogOpt", "Mask", "Memory",
        "Mount", "Network", "NetworkAlias", "NoNewPrivileges", "Notify", "PidsLimit", "Pod", "PodmanArgs", "PublishPort", "Pull",
        "ReadOnly", "ReadOnlyTmpfs", "Rootfs", "RunInit", "SeccompProfile", "Secret", "SecurityLabelDisable", "SecurityLabelFileType",
        "SecurityLabelLevel", "SecurityLabelNested", "SecurityLabelType", "ShmSize", "StopSignal", "StopTimeout", "SubGIDMap", "SubUIDMap",
        "Sysctl", "Timezone", "Tmpfs", "UIDMap", "Ulimit", "Unmask", "User", "UserNS", "Volume", "WorkingDir",
    };

    /// <summary>
    /// <c>docker-compose config</c> with exactly <paramref name="variables"/>: from an env file of their own, with none
    /// of the compose file's variables inherited from this process and no compose/.env a developer may have.
    /// </summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> ComposeConfigAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var envFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(envFile, variables.Select(pair => $"{pair.Key}={pair.Value}"));
            return await RunAsync(DockerCompose(), ["--env-file", envFile, "-f", ComposeFile, "config", .. args], unset: ComposePasswords.Keys);
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static string DockerCompose() =>
        FindOnPath("docker-compose") ?? throw new InvalidOperationException(
            "docker-compose is not installed: scripts/install-deps installs it (Debian package docker-compose, v1.29, validates compose files offline).");

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] args) => RunAsync(program, args, unset: []);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string[] args, IEnumerable<string> unset)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in unset)
        {
            info.Environment.Remove(name);
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Key(string line) => line.Trim().Split(':', 2)[0];

    /// <summary>
    /// The lines under <c>key:</c> at <paramref name="indent"/> in block YAML as docker-compose prints it (lists are not
    /// indented under their key): deeper lines, and list items at the key's own indentation.
    /// </summary>
    private static string[] Children(string[] lines, string key, int indent)
    {
        var start = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Indent(lines[i]) == indent && lines[i].TrimStart().StartsWith(key + ":", StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        Assert.True(start >= 0, $"no '{key}:' at indentation {indent}");
        return lines.Skip(start + 1)
            .TakeWhile(line => Indent(line) > indent || (Indent(line) == indent && line.TrimStart().StartsWith('-')))
            .ToArray();
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static HashSet<string> ProjectClosure(string csproj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(csproj)]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include)));
            }
        }

        return seen;
    }

    private static UnitFile Unit(string name) => UnitFile.Parse(Path.Combine(QuadletFolder, name));

    [GeneratedRegex(@"^\s*path:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PathKey();

    [GeneratedRegex(@"names:\s*\[([^\]]*)\]")]
    private static partial Regex DnsNames();

    /// <summary>A systemd-style unit file: [Section] headers, Key=Value lines (repeatable), # and ; comments.</summary>
    private sealed record UnitFile(string Name, Dictionary<string, List<KeyValuePair<string, string>>> Sections)
    {
        public static UnitFile Parse(string path)
        {
            var name = Path.GetFileName(path);
            var sections = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
            List<KeyValuePair<string, string>>? current = null;
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                while (line.EndsWith('\\') && i + 1 < lines.Length)
                {
                    line = line[..^1] + " " + lines[++i].Trim();
                }

                if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
                {
                    continue;
                }

                if (line.StartsWith('[') && line.EndsWith(']'))
                {
                    var section = line[1..^1];
                    Assert.False(sections.ContainsKey(section), $"{name}:{i + 1}: [{section}] appears twice");
                    current = sections[section] = [];
                    continue;
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $"{name}:{i + 1}: not a Key=Value line: {line}");
                Assert.True(current is not null, $"{name}:{i + 1}: a key before any [Section]");
                current.Add(new(line[..equals].Trim(), line[(equals + 1)..].Trim()));
            }

            return new UnitFile(name, sections);
        }

        public IEnumerable<string> Keys(string section) => Section(section).Select(pair => pair.Key).Distinct();

        public string[] All(string section, string key) => Section(section).Where(pair => pair.Key == key).Select(pair => pair.Value).ToArray();

        public string Single(string section, string key)
        {
            var values = All(section, key);
            Assert.True(values.Length == 1, $"{Name}: [{section}] {key}= appears {values.Length} times, expected once");
            return values[0];
        }

        public string[] Words(string section, string key) =>
            All(section, key).SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

        private List<KeyValuePair<string, string>> Section(string section)
        {
            Assert.True(Sections.TryGetValue(section, out var pairs), $"{Name} has no [{section}] section");
            return pairs;
        }
    }
}
