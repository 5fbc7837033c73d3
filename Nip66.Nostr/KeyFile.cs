namespace Nip66.Nostr;

/// <summary>Loads the monitor key from a file that only its owner can read.</summary>
public static class KeyFile
{
    private const UnixFileMode OthersOrGroup =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static NostrKeys Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyFileException($"Key file '{path}' does not exist.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & OthersOrGroup) != 0)
            {
                throw new KeyFileException(
                    $"Key file '{path}' is readable by others (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {path}'.");
            }
        }

        try
        {
            return NostrKeys.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new KeyFileException($"Key file '{path}' does not hold a key: {e.Message}");
        }
    }

    /// <summary>Writes a new key with mode 0600 from the start, so it is never readable by others.</summary>
    public static NostrKeys Create(string path)
    {
        var keys = NostrKeys.Generate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.WriteLine(keys.ToNsec());
        }

        return keys;
    }
}
