namespace ZendeskAuth.Hosting;

/// <summary>Where things are in a checkout, found from the running assembly upwards.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The manifest of the module folder the build lays out; what users import.</summary>
    public static string ModuleManifest => Path.Combine(Root, "out", "ZendeskAuth", "ZendeskAuth.psd1");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZendeskAuth.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No ZendeskAuth.sln above {AppContext.BaseDirectory}.");
    }
}
