using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Hosting.Settings;

/// <summary>
/// Reads a storage connection setting the way the Functions host does: the setting itself is a connection string,
/// or its <c>__</c> sub-settings describe an identity-based connection (<c>accountName</c>, or
/// <c>blobServiceUri</c>, <c>queueServiceUri</c> and <c>tableServiceUri</c>; <c>credential</c>, <c>clientId</c>).
/// </summary>
internal static class StorageSetting
{
    public static StorageConnection Read(IConfiguration configuration, string name)
    {
        // Environment variables "Name__sub" arrive as the configuration section "Name" with a child "sub".
        IConfigurationSection section = configuration.GetSection(name);
        if (section.Value is { Length: > 0 } connectionString)
        {
            StorageConnection connection = StorageConnection.FromConnectionString(connectionString);
            try
            {
                _ = connection.CreateTableServiceClient(); // parses the string: refused here, by the setting's name
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // Not the SDK's message: it quotes the string's parts, and the string holds the account key.
                throw new InvalidOperationException(
                    $"Setting '{name}' is not a storage connection string (UseDevelopmentStorage=true for Azurite, or " +
                    "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net); its value is not shown.");
            }

            return connection;
        }

        StorageEndpoints? endpoints = section["accountName"] is { Length: > 0 } account ? StorageEndpoints.OfAccount(account) : null;
        Uri? blob = Endpoint(section, "blobServiceUri") ?? endpoints?.Blob;
        Uri? queue = Endpoint(section, "queueServiceUri") ?? endpoints?.Queue;
        Uri? table = Endpoint(section, "tableServiceUri") ?? endpoints?.Table;
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Setting '{name}' is required: a connection string (UseDevelopmentStorage=true for Azurite), or for an identity-based " +
                $"connection '{name}__accountName', or '{name}__blobServiceUri', '{name}__queueServiceUri' and '{name}__tableServiceUri'.");
        }

        return StorageConnection.FromIdentity(new StorageEndpoints(blob, queue, table), EntraCredential.For(section["credential"], section["clientId"]));
    }

    private static Uri? Endpoint(IConfigurationSection section, string key)
    {
        string? text = section[key];
        if (text is not { Length: > 0 })
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new InvalidOperationException($"Setting '{section.Key}__{key}' must be an absolute URL (got '{text}').");
    }
}
