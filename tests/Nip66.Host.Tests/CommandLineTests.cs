using Nip66.Nostr;

namespace Nip66.Host.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "check" }, "check needs at least one relay URL")]
    [InlineData(new[] { "check", "https://relay.example.com" }, "'https://relay.example.com' is not a relay URL: the scheme must be ws or wss, not https")]
    [InlineData(new[] { "check", "--timeout-ms", "soon", "wss://relay.example.com" }, "--timeout-ms must be a whole number from 100 to 300000, not 'soon'")]
    [InlineData(new[] { "check", "--timeout-ms" }, "--timeout-ms needs a value")]
    [InlineData(new[] { "check", "--verbose", "wss://relay.example.com" }, "unknown option --verbose")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new string[0], "no command given")]
    public async Task Bad_arguments_exit_2_with_a_one_line_reason(string[] args, string reason)
    {
        var (exitCode, stdout, stderr) = await CheckCommandTests.RunNip66Async(args);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"nip66: {reason}", stderr.Split('\n')[0]);
    }

    [Fact]
    public async Task Key_file_readable_by_others_is_refused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nip66-key-{Guid.NewGuid():N}");
        var secret = NostrKeys.Generate().ToNsec();
        await File.WriteAllTextAsync(path, secret);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        try
        {
            var (exitCode, _, stderr) = await CheckCommandTests.RunNip66Async("check", "--key", path, "wss://relay.example.com");

            Assert.Equal(2, exitCode);
            Assert.Contains("is readable by others", stderr, StringComparison.Ordinal);
            Assert.Contains($"chmod 600 {path}", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
