using Nip66.Checker;
using Nip66.Contracts;
using Nip66.Nostr;
using Nip66.Publisher;

namespace Nip66.Host.Commands;

/// <summary><c>nip66 check URL...</c>: checks relays now, without the pipeline, and prints what it found.</summary>
public static class CheckCommand
{
    private const int MaxParallelChecks = 32;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var reader = new ArgReader(args, new HashSet<string> { "--timeout-ms", "--key" }, new HashSet<string> { "--json" });
        if (reader.Positionals.Count == 0)
        {
            throw new UsageException("check needs at least one relay URL");
        }

        var urls = reader.Positionals.Select(ParseUrl).DistinctBy(u => u.Value).ToArray();
        var options = new ProbeOptions();
        if (reader.WholeNumber("--timeout-ms", 100, 300_000) is { } timeoutMs)
        {
            options = options.WithTimeout(TimeSpan.FromMilliseconds(timeoutMs));
        }

        var json = reader.Flag("--json");
        var keys = LoadKeys(reader.Value("--key"));
        if (reader.Value("--key") is null)
        {
            await (json ? stderr : stdout).WriteLineAsync($"Using a throwaway key for this run: {keys.Npub}");
        }

        using var checker = new RelayChecker(keys, options);
        using var throttle = new SemaphoreSlim(MaxParallelChecks);
        var results = await Task.WhenAll(urls.Select(async url =>
        {
            await throttle.WaitAsync();
            try
            {
                return await checker.CheckAsync(url, CancellationToken.None);
            }
            finally
            {
                throttle.Release();
            }
        }));

        var reports = results.Select(result => new CheckReport(result, result.IsPublishable
            ? DiscoveryEventFactory.Sign(result, result.FinishedAt.ToUnixTimeSeconds(), keys)
            : null)).ToArray();
        if (json)
        {
            foreach (var report in reports)
            {
                await stdout.WriteLineAsync(report.ToJson());
            }
        }
        else
        {
            await stdout.WriteAsync(CheckReport.Table(reports));
        }

        return 0;
    }

    private static RelayUrl ParseUrl(string text) =>
        RelayUrl.TryParse(text, out var url, out var error) ? url : throw new UsageException(error);

    private static NostrKeys LoadKeys(string? path)
    {
        if (path is null)
        {
            return NostrKeys.Generate();
        }

        try
        {
            return KeyFile.Load(path);
        }
        catch (KeyFileException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
