using Azure.Identity;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// AzureWebJobsStorage as the Functions host reads it: a connection string locally, identity-based in Azure (the
/// sub-settings infra/ sets arrive as "AzureWebJobsStorage:…" keys, as environment variables "AzureWebJobsStorage__…").
/// </summary>
public sealed class StorageSettingTests
{
    [Fact]
    public void ConnectionStringIsUsedAsIs() =>
        Assert.Equal("connection UseDevelopmentStorage=true", Describe(Read(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" })));

    [Fact]
    public void ServiceUrisWithManagedIdentityMakeAnIdentityConnection()
    {
        StorageConnection storage = Read(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://stjourneys.blob.core.windows.net/",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://stjourneys.queue.core.windows.net/",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stjourneys.table.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(
            "identity https://stjourneys.blob.core.windows.net/ https://stjourneys.queue.core.windows.net/ https://stjourneys.table.core.windows.net/ ManagedIdentityCredential",
            Describe(storage));
    }

    [Fact]
    public void AccountNameAloneNamesThePublicCloudEndpoints()
    {
        StorageConnection storage = Read(new() { ["AzureWebJobsStorage:accountName"] = "stjourneys" });

        Assert.Equal(
            "identity https://stjourneys.blob.core.windows.net/ https://stjourneys.queue.core.windows.net/ https://stjourneys.table.core.windows.net/ DefaultAzureCredential",
            Describe(storage));
    }

    [Fact]
    public void MissingOrPartialSettingIsRefusedByName()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => Read([]));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", missing.Message, StringComparison.Ordinal);
        var partial = Assert.Throws<InvalidOperationException>(() => Read(new() { ["AzureWebJobsStorage:tableServiceUri"] = "https://stjourneys.table.core.windows.net/" }));
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", partial.Message, StringComparison.Ordinal);
        var relative = Assert.Throws<InvalidOperationException>(() => Read(new() { ["AzureWebJobsStorage:accountName"] = "st", ["AzureWebJobsStorage:tableServiceUri"] = "tables" }));
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", relative.Message, StringComparison.Ordinal);
    }

    private static StorageConnection Read(Dictionary<string, string?> values) =>
        AppSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).Storage;

    private static string Describe(StorageConnection storage) =>
        storage.Create(
            connectionString => $"connection {connectionString}",
            (endpoints, credential) => $"identity {endpoints.Blob} {endpoints.Queue} {endpoints.Table} {credential.GetType().Name}");
}
