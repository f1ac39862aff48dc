using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Operations.Tests;

/// <summary>The Bicep compiler restored from NuGet by this project, run on the files in <c>infra/</c>.</summary>
internal static class Bicep
{
    private static readonly string Executable = Restored(typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!);

    private static readonly Lazy<JsonObject> CompiledMain = new(() =>
    {
        BicepRun run = Run("build", "main.bicep", "--stdout");
        return run.ExitCode == 0
            ? JsonNode.Parse(run.Output)!.AsObject()
            : throw new InvalidOperationException($"bicep build failed:\n{run.Diagnostics}");
    });

    /// <summary>infra/main.bicep compiled to its ARM template.</summary>
    public static JsonObject MainTemplate => CompiledMain.Value;

    /// <summary>Runs <c>bicep</c> with a file of <c>infra/</c> (so its bicepconfig.json applies) and waits for it.</summary>
    public static BicepRun Run(string command, string infraFile, params string[] options)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.File("infra"),
        };
        // What azd sets for infra/azd.bicepparam (read with readEnvironmentVariable), so it compiles here too.
        start.Environment["AZURE_ENV_NAME"] = "ci";
        start.Environment["AZURE_LOCATION"] = "westeurope";
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(infraFile);
        foreach (string option in options)
        {
            start.ArgumentList.Add(option);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {Executable}.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string diagnostics = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new BicepRun(process.ExitCode, output.Result, diagnostics);
    }

    /// <summary>The compiler from the NuGet cache, executable: a package's files may be extracted without that bit.</summary>
    private static string Restored(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep compiler is not restored at {path}: dotnet restore tests/Operations.Tests.");
        }

        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
