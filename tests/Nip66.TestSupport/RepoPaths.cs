namespace Nip66.TestSupport;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RelaysFolder => Path.Combine(Root, "tests", "relays");

    /// <summary>
    /// The host as its own build wrote it (same configuration as the tests), with its own deps file: a test folder's
    /// copy resolves assemblies against the test's frameworks, not the host's.
    /// </summary>
    public static string Nip66Dll => Built(Path.Combine("Nip66.Host", "bin"), "nip66.dll");

    /// <summary>The load harness as its own build wrote it, like <see cref="Nip66Dll"/>.</summary>
    public static string LoadHarnessDll => Built(Path.Combine("tests", "Nip66.LoadHarness", "bin"), "Nip66.LoadHarness.dll");

    private static string Built(string binFolder, string dll)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(Root, binFolder, configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built; build the solution first", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nip66.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Nip66.sln not found above " + AppContext.BaseDirectory);
    }
}
