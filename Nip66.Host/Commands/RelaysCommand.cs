using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;

namespace Nip66.Host.Commands;

/// <summary><c>nip66 relays add|import|list|disable|candidates</c>: the registry of monitored relays and the discovery ledger.</summary>
public static class RelaysCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout)
    {
        var reader = new ArgReader(args, new HashSet<string>(MonitorConfiguration.CommonValueOptions) { "--origin" }, new HashSet<string>());
        if (reader.Positionals.Count == 0)
        {
            throw new UsageException("relays needs a subcommand: add, import, list, disable or candidates");
        }

        var origin = reader.Value("--origin") is { } originName
            ? RelayListQuery.Origins.TryGetValue(originName, out var known) ? known : throw new UsageException($"--origin must be one of {string.Join(", ", RelayListQuery.Origins.Keys)}")
            : (RelayOrigin?)null;

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
                    var toAdd = await WithoutOptedOutAsync(Normalize(rest, "relays add needs at least one relay URL"), settings.OptOut, stdout);
                    var added = await registry.AddAsync(toAdd);
                    await stdout.WriteLineAsync($"{added} relay(s) added, {toAdd.Length - added} already known");
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
                    urls = await WithoutOptedOutAsync(urls, settings.OptOut, stdout);
                    var imported = await registry.AddAsync(urls);
                    await stdout.WriteLineAsync($"{imported} relay(s) added from {rest[0]}, {urls.Distinct().Count() - imported} already known");
                    return 0;
                case "list":
                    foreach (var relay in await services.GetRequiredService<RelayStatusQueries>().ListAllAsync(origin))
                    {
                        await stdout.WriteLineAsync(
                            $"{(relay.Enabled ? "enabled " : "disabled")}  {relay.LastStatus ?? "unchecked",-9} {PersistenceNames.Origin(relay.Origin),-10} {relay.Url}{(relay.LastFailureClass is { } f ? $"  ({f})" : string.Empty)}");
                    }

                    return 0;
                case "candidates":
                    await CandidateReport.WriteAsync(await services.GetRequiredService<CandidateQueries>().SummarizeAsync(), stdout);
                    return 0;
                case "disable":
                    foreach (var url in Normalize(rest, "relays disable needs at least one relay URL"))
                    {
                        await stdout.WriteLineAsync(await registry.DisableAsync(url) ? $"disabled {url}" : $"not monitored: {url}");
                    }

                    return 0;
                default:
                    throw new UsageException($"unknown relays subcommand '{reader.Positionals[0]}'; use add, import, list, disable or candidates");
            }
        }
    }

    /// <summary>Relays whose operators opted out are not added: each is named so the operator knows why.</summary>
    private static async Task<string[]> WithoutOptedOutAsync(string[] urls, RelayOptOut optOut, TextWriter stdout)
    {
        var kept = new List<string>(urls.Length);
        foreach (var url in urls)
        {
            if (optOut.Excludes(url))
            {
                await stdout.WriteLineAsync($"not added: {url} (its operator opted out of monitoring; see the OptOut setting)");
            }
            else
            {
                kept.Add(url);
            }
        }

        return [.. kept];
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
