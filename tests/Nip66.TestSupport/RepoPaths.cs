namespace Nip66.TestSupport;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string RelaysFolder => Path.Combine(Root, "tests", "relays");

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
