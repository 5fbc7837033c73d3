using System.Text.Json;
using Nip66.Nostr;
using Nip66.TestSupport;

namespace Nip66.Host.Tests;

/// <summary>
/// <c>nip66 check</c> prints relay text (NIP-11 name and software, OK and CLOSED reasons) to a terminal: a hostile
/// relay's escape sequences, bells and carriage returns must reach it as harmless characters, each on its own line.
/// </summary>
public sealed class CheckTerminalOutputTests : IAsyncLifetime
{
    private HostileRelay relay = null!;

    private string Url => relay.Url(HostileRelay.TerminalEscapes);

    public async Task InitializeAsync() => relay = await HostileRelay.StartAsync();

    public async Task DisposeAsync() => await relay.DisposeAsync();

    [Fact]
    public async Task Table_prints_a_hostile_name_and_reason_without_control_characters()
    {
        var stdout = new StringWriter();
        var exitCode = await Commands.CheckCommand.RunAsync(["--timeout-ms", "5000", Url], stdout, new StringWriter());

        Assert.Equal(0, exitCode);
        var text = stdout.ToString();
        AssertPrintable(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var url = RelayUrl.Parse(Url).Value;
        var row = Assert.Single(lines, line => line.StartsWith("degraded", StringComparison.Ordinal));
        Assert.Contains(url, row, StringComparison.Ordinal);
        Assert.Contains("\uFFFD[2J\uFFFD[31mred\uFFFD1mname", row, StringComparison.Ordinal);
        Assert.Contains("soft\uFFFD]0;title\uFFFDware", row, StringComparison.Ordinal);

        // The read's reason, its line breaks made spaces: one line, that names the relay first.
        var reason = Assert.Single(lines, line => line.StartsWith(url + ": ", StringComparison.Ordinal));
        Assert.Contains("blocked: \uFFFD[1Aread spoofed \uFFFD32mnext", reason, StringComparison.Ordinal);
        // The throwaway key, the header, the relay's row and its reason: nothing the relay sent made a line.
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task Json_lines_carry_the_hostile_text_made_safe_and_escaped()
    {
        var stdout = new StringWriter();
        var exitCode = await Commands.CheckCommand.RunAsync(["--json", "--timeout-ms", "5000", Url], stdout, new StringWriter());

        Assert.Equal(0, exitCode);
        var text = stdout.ToString();
        AssertPrintable(text);
        using var report = JsonDocument.Parse(Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = report.RootElement;
        Assert.Equal("\uFFFD[2J\uFFFD[31mred\uFFFD1mname\r\nfake line", root.GetProperty("nip11").GetProperty("name").GetString());
        var messages = root.GetProperty("checks").EnumerateArray()
            .Where(check => check.TryGetProperty("message", out _))
            .ToDictionary(check => check.GetProperty("check").GetString()!, check => check.GetProperty("message").GetString()!);
        Assert.Contains("blocked: \uFFFD[1Aread\rspoofed\n\uFFFD32mnext", messages["read"], StringComparison.Ordinal);
        Assert.Contains("blocked: \uFFFD[2Kwrite\r\nspoofed\uFFFD", messages["write"], StringComparison.Ordinal);
    }

    /// <summary>No control character but the line feeds that end lines (DEL drives nothing and may stay).</summary>
    private static void AssertPrintable(string text)
    {
        var controls = text.Where(c => char.IsControl(c) && c is not ('\n' or '\u007f')).Select(c => $"U+{(int)c:X4}").ToList();
        Assert.True(controls.Count == 0, $"control characters {string.Join(' ', controls)} in:\n{text}");
    }
}
