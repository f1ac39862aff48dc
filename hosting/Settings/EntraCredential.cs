using Azure.Core;
using Azure.Identity;

namespace JourneyFunctions.Hosting.Settings;

/// <summary>
/// The Microsoft Entra credential of an identity-based connection, chosen the way the Functions host chooses it:
/// <c>__credential=managedidentity</c> signs in as the app's managed identity (<c>__clientId</c> picks a
/// user-assigned one); otherwise the default chain (environment, workload identity, Azure CLI, …) for developers.
/// </summary>
public static class EntraCredential
{
    public const string ManagedIdentity = "managedidentity";

    public static TokenCredential For(string? credential, string? clientId) =>
        string.Equals(credential, ManagedIdentity, StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is { Length: > 0 } ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
}
