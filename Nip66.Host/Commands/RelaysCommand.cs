using Microsoft.Extensions.DependencyInjection;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;

namespace Nip66.Host.Commands;

/// <summary><c>nip66 relays add|import|list|disable</c>: the registry of monitored relays.</summary>
public static class RelaysCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout)
    {
        var reader = new ArgReader(args, MonitorConfiguration.CommonValueOptions, new HashSet<string>());
        if (reader.Positionals.Count == 0)
        {
            throw new UsageException("relays needs a subcommand: add, import, list or disable");
        }

        var config = MonitorConfiguration.Build(reader);
        var settings = RunCommand.Settings(config);
        var services = new ServiceCollection().AddPersistence(MonitorHost.PersistenceOptionsFor(settings)).BuildServiceProvider();
        await using (services)
        {
            await MonitorDatabase.MigrateAsync(services);
            var registry = services.GetRequiredService<IRelayRegistry>();
            var rest = reader.Positionals.Skip(1).ToArray();
            switch (reader.Positionals[0])
            {
                case "add":
                    var added = await registry.AddAsync(Normalize(rest, "relays add needs at least one relay URL"));
                    await stdout.WriteLineAsync($"{added} relay(s) added, {rest.Length - added} already known");
                    return 0;
                case "import":
                    if (rest.Length != 1)
                    {
                        throw new UsageException("relays import needs exactly one file (one URL per line, # comments)");
                    }

                    if (!File.Exists(rest[0]))
                    {
                        throw new UsageException($"relays import: file '{rest[0]}' does not exist");
                    }

                    var lines = (await File.ReadAllLinesAsync(rest[0])).Select((line, i) => (Text: line.Split('#', 2)[0].Trim(), Line: i + 1)).Where(l => l.Text.Length > 0).ToArray();
                    var urls = lines.Select(l => RelayUrl.TryParse(l.Text, out var url, out var error)
                        ? url.Value
                        : throw new UsageException($"{rest[0]}:{l.Line}: {error}")).ToArray();
                    var imported = await registry.AddAsync(urls);
                    await stdout.WriteLineAsync($"{imported} relay(s) added from {rest[0]}, {urls.Distinct().Count() - imported} already known");
                    return 0;
                case "list":
                    foreach (var relay in await registry.ListAsync())
                    {
                        await stdout.WriteLineAsync(
                            $"{(relay.Enabled ? "enabled " : "disabled")}  {relay.LastStatus ?? "unchecked",-9} {relay.Url}{(relay.LastFailureClass is { } f ? $"  ({f})" : string.Empty)}");
                    }

                    return 0;
                case "disable":
                    foreach (var url in Normalize(rest, "relays disable needs at least one relay URL"))
                    {
                        await stdout.WriteLineAsync(await registry.DisableAsync(url) ? $"disabled {url}" : $"not monitored: {url}");
                    }

                    return 0;
                default:
                    throw new UsageException($"unknown relays subcommand '{reader.Positionals[0]}'; use add, import, list or disable");
            }
        }
    }

    private static string[] Normalize(string[] args, string missing)
    {
        if (args.Length == 0)
        {
            throw new UsageException(missing);
        }

        return [.. args.Select(text => RelayUrl.TryParse(text, out var url, out var error) ? url.Value : throw new UsageException(error))];
    }
}
