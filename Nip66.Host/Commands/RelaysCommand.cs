using Microsoft.Extensions.DependencyInjection;
using Nip66.Contracts;
using Nip66.Host.Configuration;
using Nip66.Nostr;
using Nip66.Persistence;
using Nip66.Persistence.ReadSide;

namespace Nip66.Host.Commands;

/// <summary>
/// <c>nip66 relays add|import|list|disable|candidates</c>: the registry of monitored relays and the discovery ledger.
/// Relays named on the command line are the operator's own and may point anywhere; an imported list is someone else's
/// until <c>--allow-private</c> vouches for it, so its relays are checked with the SSRF guard and those plainly internal
/// are not added at all.
/// </summary>
public static class RelaysCommand
{
    private const string AllowPrivateFlag = "--allow-private";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout)
    {
        var reader = new ArgReader(args, new HashSet<string>(MonitorConfiguration.CommonValueOptions) { "--origin" }, new HashSet<string> { AllowPrivateFlag });
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
                    var toAdd = await WithoutRefusedAsync(Normalize(rest, "relays add needs at least one relay URL"), url => OptedOut(url, settings.OptOut), stdout);
                    var added = await registry.AddAsync(toAdd, allowPrivateAddresses: true);
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
                    var trusted = reader.Flag(AllowPrivateFlag);
                    urls = await WithoutRefusedAsync(urls, url => OptedOut(url, settings.OptOut) ?? (trusted ? null : InternalHost(url)), stdout);

                    var imported = await registry.AddAsync(urls, allowPrivateAddresses: trusted);
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

    /// <summary>Relays whose operators opted out are not added.</summary>
    private static string? OptedOut(string url, RelayOptOut optOut) =>
        optOut.Excludes(url) ? "its operator opted out of monitoring; see the OptOut setting" : null;

    /// <summary>Hosts that are never public (a literal private address, localhost, a service name) are not imported unvouched.</summary>
    private static string? InternalHost(string url) =>
        PublicHostName.IsRefused(RelayUrl.Parse(url).Host, out var reason) ? $"{reason}; {AllowPrivateFlag} trusts the list to point at internal hosts" : null;

    /// <summary>Leaves out the relays <paramref name="refusal"/> gives a reason for, each named so the operator knows why.</summary>
    private static async Task<string[]> WithoutRefusedAsync(string[] urls, Func<string, string?> refusal, TextWriter stdout)
    {
        var kept = new List<string>(urls.Length);
        foreach (var url in urls)
        {
            if (refusal(url) is { } reason)
            {
                await stdout.WriteLineAsync($"not added: {url} ({reason})");
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
