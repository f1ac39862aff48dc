namespace JourneyFunctions.Testing;

/// <summary>Paths in this repository, found from the running test or benchmark binaries.</summary>
public static class Repository
{
    /// <summary>The folder holding JourneyFunctions.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>A file in a project's build output, in the same configuration (Debug/Release) as the caller.</summary>
    public static string BuildOutput(string projectFolder, string fileName)
    {
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(Root, projectFolder, "bin", configuration, "net10.0", fileName);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "JourneyFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("JourneyFunctions.sln not found above the running binaries.");
    }
}
