using JourneyFunctions.Hosting.Settings;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>
/// Reads the "Values" of <c>local.settings.json</c> (or, when absent, <c>local.settings.sample.json</c>) from the
/// repository root, so the local host and <c>func start</c> read the very same settings.
/// </summary>
internal static class LocalSettings
{
    /// <summary>The developer's own settings win over the committed sample.</summary>
    private static readonly string[] Files = ["local.settings.json", "local.settings.sample.json"];

    public static IEnumerable<KeyValuePair<string, string?>> Load(string repositoryRoot)
    {
        string file = Files
            .Select(name => Path.Combine(repositoryRoot, name))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No local.settings.json or local.settings.sample.json in {repositoryRoot}.");
        return LocalSettingsFile.Read(file);
    }

    /// <summary>The folder holding host.json: the repository root, found from the working directory or the binaries.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "host.json")) && File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (the folder with host.json and local.settings.sample.json).");
    }
}
