using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// One list of names: both hosts create TableNames.All and QueueNames.All at start (StorageCreation), and infra/
/// provisions the same ones, so the lists in infra/main.bicep match them.
/// </summary>
public sealed class StorageNamesTests
{
    [Fact]
    public void BicepProvisionsEveryTable() =>
        Assert.Equal(TableNames.All.Order(StringComparer.Ordinal), BicepList("appTables").Order(StringComparer.Ordinal));

    [Fact]
    public void BicepProvisionsEveryQueue() =>
        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), BicepList("appQueues").Order(StringComparer.Ordinal));

    private static IEnumerable<string> BicepList(string variable) =>
        Bicep.MainTemplate["variables"]![variable]!.AsArray().Select(name => (string)name!);
}
