namespace JourneyFunctions.Domain.Storage;

/// <summary>A storage account's service endpoints, as an identity-based connection names them.</summary>
public sealed record StorageEndpoints(Uri Blob, Uri Queue, Uri Table)
{
    /// <summary>The public-cloud endpoints of an account, as the Functions host derives them from <c>__accountName</c>.</summary>
    public static StorageEndpoints OfAccount(string accountName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        return new(Service(accountName, "blob"), Service(accountName, "queue"), Service(accountName, "table"));
    }

    private static Uri Service(string accountName, string service) => new($"https://{accountName}.{service}.core.windows.net");
}
