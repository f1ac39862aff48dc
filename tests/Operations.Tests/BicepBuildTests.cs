namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// CI's Bicep check: the templates (main.bicep, and azd.bicep for the Azure Developer CLI) and their parameters files compile, and neither the compiler nor the linter has
/// anything to say. Warnings fail too: infra/bicepconfig.json raises some linter rules to errors, and any other
/// diagnostic the compiler prints is a failure here.
/// </summary>
public sealed class BicepBuildTests
{
    [Theory]
    [InlineData("build", "main.bicep", "--stdout")]
    [InlineData("lint", "main.bicep")]
    [InlineData("build-params", "main.bicepparam", "--stdout")]
    [InlineData("build", "azd.bicep", "--stdout")]
    [InlineData("lint", "azd.bicep")]
    [InlineData("build-params", "azd.bicepparam", "--stdout")]
    public void CompilesWithoutDiagnostics(string command, string file, params string[] options)
    {
        BicepRun run = Bicep.Run(command, file, options);

        Assert.True(run.ExitCode == 0 && run.Diagnostics.Length == 0, $"bicep {command} {file} exited {run.ExitCode}:\n{run.Diagnostics}");
    }
}
