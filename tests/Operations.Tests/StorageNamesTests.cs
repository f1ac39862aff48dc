using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// The Functions app does not create tables or queues at start (the local host does), so infra/ must provision
/// every one the code uses: the lists in infra/main.bicep match TableNames.All and QueueNames.All.
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
