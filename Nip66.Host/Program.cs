using Nip66.Host;
using Nip66.Host.Commands;

const string Usage = """
    usage: nip66 check URL... [--json] [--timeout-ms N] [--key FILE]
           nip66 run [--once] [--data DIR] [--publish-to URL]... [--key FILE] [--config FILE] [--mode embedded|distributed] [--roles LIST]
           nip66 relays add URL... | import FILE [--allow-private] | list [--origin operator|discovered] | disable URL... | candidates   [--data DIR] [--config FILE] [--mode ...]
    """;

try
{
    return args switch
    {
        ["check", .. var rest] => await CheckCommand.RunAsync(rest, Console.Out, Console.Error),
        ["run", .. var rest] => await RunCommand.RunAsync(rest, Console.Out),
        ["relays", .. var rest] => await RelaysCommand.RunAsync(rest, Console.Out),
        ["--help" or "-h" or "help", ..] => Help(),
        [] => throw new UsageException("no command given"),
        [var other, ..] => throw new UsageException($"unknown command '{other}'"),
    };
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"nip66: {e.Message}");
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

static int Help()
{
    Console.WriteLine(Usage);
    return 0;
}
