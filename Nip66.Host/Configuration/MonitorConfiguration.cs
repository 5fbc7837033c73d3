using Microsoft.Extensions.Configuration;
using Nip66.Nostr;

namespace Nip66.Host.Configuration;

/// <summary>Builds the configuration of a command and resolves the monitor key from it.</summary>
public static class MonitorConfiguration
{
    /// <summary>Flags every monitor command accepts; they override configuration.</summary>
    public static readonly IReadOnlySet<string> CommonValueOptions = new HashSet<string>
    {
        "--data", "--publish-to", "--key", "--config", "--mode", "--roles", "--schedule", "--urls",
    };

    public static IConfiguration Build(ArgReader args)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (args.Value("--config") is { } file)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"--config: file '{file}' does not exist");
            }

            builder.AddJsonFile(Path.GetFullPath(file), optional: false);
        }

        builder.AddEnvironmentVariables("NIP66_");
        var flags = new Dictionary<string, string?>();
        void Flag(string option, string key)
        {
            if (args.Value(option) is { } value)
            {
                flags[key] = value;
            }
        }

        Flag("--data", "Data");
        Flag("--key", "KeyFile");
        Flag("--mode", "Mode");
        Flag("--roles", "Roles");
        Flag("--schedule", "Schedule");
        Flag("--urls", "Urls");
        if (args.Values("--publish-to") is { Count: > 0 } publishTo)
        {
            flags["PublishRelays"] = string.Join(',', publishTo);
        }

        if (args.Value("--key") is not null)
        {
            flags["Key"] = string.Empty;
        }

        return builder.AddInMemoryCollection(flags).Build();
    }

    /// <summary>
    /// The monitor key, for a process whose roles sign (<see cref="MonitorSettings.SigningRoles"/>); null for one
    /// whose roles sign nothing, which never reads it. An explicit key file, else NIP66_KEY, else the data folder's
    /// <c>monitor.key</c>. Embedded, that file is created with mode 0600 on first use; distributed, it must exist,
    /// since every signing process must sign as the same monitor and one generated here would be this process's own.
    /// The secret goes nowhere but the returned object.
    /// </summary>
    public static NostrKeys? ResolveKeys(IConfiguration config, MonitorSettings settings, TextWriter log)
    {
        if (!settings.Signs)
        {
            return null;
        }

        try
        {
            if (settings.KeyFile is { } file)
            {
                return KeyFile.Load(file);
            }

            if (config["Key"] is { Length: > 0 } inline)
            {
                try
                {
                    return NostrKeys.Parse(inline);
                }
                catch (FormatException e)
                {
                    throw new ConfigurationException("Key", e.Message);
                }
            }

            var path = Path.Combine(settings.DataDirectory, "monitor.key");
            if (File.Exists(path))
            {
                return KeyFile.Load(path);
            }

            if (settings.Mode == MonitorMode.Distributed)
            {
                throw new ConfigurationException("KeyFile",
                    $"roles {(settings.Roles & MonitorSettings.SigningRoles).ToString().ToLowerInvariant()} sign as the monitor and, in distributed mode, need its key: set KeyFile " +
                    $"(environment variable NIP66_KEYFILE, or --key FILE) to the key file, or Key (NIP66_KEY) to the key; there is no {path}");
            }

            var created = KeyFile.Create(path);
            log.WriteLine($"Created the monitor key {path} (mode 0600); monitor npub: {created.Npub}");
            return created;
        }
        catch (KeyFileException e)
        {
            throw new UsageException(e.Message);
        }
        catch (ConfigurationException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
