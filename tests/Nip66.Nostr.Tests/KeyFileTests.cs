using System.Runtime.Versioning;
using Nip66.Nostr;

namespace Nip66.Nostr.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class KeyFileTests : IDisposable
{
    private const string SecretHex = "67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa";
    private const string Nsec = "nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string directory = Directory.CreateTempSubdirectory("nip66-keyfile-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string content, UnixFileMode mode)
    {
        var path = Path.Combine(directory, "monitor.key");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static void AssertNoSecret(string message)
    {
        Assert.DoesNotContain(SecretHex, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecretHex[..16], message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Nsec, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Nsec[5..21], message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(SecretHex)]
    [InlineData(Nsec)]
    [InlineData(Nsec + "\n")]
    [InlineData("  " + SecretHex + "\r\n")]
    public void Owner_only_file_is_loaded(string content)
    {
        var path = Write(content, OwnerOnly);

        var keys = KeyFile.Load(path);

        Assert.Equal(NostrKeys.Parse(SecretHex).PublicKeyHex, keys.PublicKeyHex);
    }

    [Fact]
    public void Read_only_owner_file_is_loaded()
    {
        var path = Write(Nsec, UnixFileMode.UserRead);

        Assert.Equal(Nsec, KeyFile.Load(path).ToNsec());
    }

    [Theory]
    [InlineData(0b110_100_100)]
    [InlineData(0b110_100_000)]
    [InlineData(0b110_000_100)]
    [InlineData(0b110_000_010)]
    [InlineData(0b110_010_000)]
    [InlineData(0b111_111_111)]
    public void File_open_to_group_or_others_is_refused_with_the_fix(int mode)
    {
        var path = Write(Nsec, (UnixFileMode)mode);

        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));

        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToString(mode, 8), e.Message, StringComparison.Ordinal);
        AssertNoSecret(e.Message);
    }

    [Fact]
    public void Missing_file_is_named()
    {
        var path = Path.Combine(directory, "absent.key");

        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecretHex + "00")]
    [InlineData("x" + SecretHex + "x")]
    [InlineData("g7dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa")]
    [InlineData("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe4")]
    [InlineData("NSEC1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5")]
    [InlineData("npub10elfcs4fr0l0r8af98jlmgdh9c8tcxjvz9qkw038js35mp4dma8qzvjptg")]
    [InlineData("")]
    public void Unreadable_key_is_refused_without_echoing_it(string content)
    {
        var path = Write(content, OwnerOnly);

        var e = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not hold a key", e.Message, StringComparison.Ordinal);
        AssertNoSecret(e.Message);
        if (content.Length > 0)
        {
            Assert.DoesNotContain(content.Trim()[8..24], e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Created_file_is_owner_only_and_loads_the_same_key()
    {
        var path = Path.Combine(directory, "new", "monitor.key");

        var created = KeyFile.Create(path);

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Equal(created.ToNsec(), File.ReadAllText(path).Trim());
        Assert.Equal(created.PublicKeyHex, KeyFile.Load(path).PublicKeyHex);
    }

    [Fact]
    public void Create_never_overwrites_an_existing_key()
    {
        var path = Write(Nsec, OwnerOnly);

        Assert.ThrowsAny<IOException>(() => KeyFile.Create(path));

        Assert.Equal(Nsec, File.ReadAllText(path));
    }
}
