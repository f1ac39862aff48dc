using System.Text.Json.Nodes;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// The Azure Developer CLI's path: azure.yaml provisions infra/azd.bicep and deploys its one service to the app tagged
/// with that service's name; a rename on either side would leave azd without an app to deploy to.
/// </summary>
public sealed class AzdProjectTests
{
    [Fact]
    public void AzureYamlNamesTheTemplateAndTheServiceTheAppIsTaggedWith()
    {
        BicepRun run = Bicep.Run("build", "azd.bicep", "--stdout");
        Assert.Equal(0, run.ExitCode);
        JsonObject template = JsonNode.Parse(run.Output)!.AsObject();
        string service = template["variables"]!["serviceName"]!.GetValue<string>();
        JsonNode main = template["resources"]!.AsArray().Single(r => r!["type"]!.GetValue<string>() == "Microsoft.Resources/deployments")!;
        string[] yaml = File.ReadAllLines(Repository.File("azure.yaml"));

        Assert.Equal("[variables('serviceName')]", main["properties"]!["parameters"]!["functionAppTags"]!["value"]!["azd-service-name"]!.GetValue<string>());
        Assert.Contains("  module: azd", yaml);
        Assert.Contains($"  {service}:", yaml);
        Assert.Contains("    project: ./functions", yaml);
        Assert.Contains("    host: function", yaml);
        Assert.True(File.Exists(Repository.File("functions/JourneyFunctions.Functions.csproj")));
    }
}
