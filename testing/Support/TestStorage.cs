namespace JourneyFunctions.Testing;

/// <summary>
/// The Azurite the tests use: the one in <c>AzureWebJobsStorage</c> when set (scripts/azurite.sh prints it for a
/// non-default port base, so two checkouts can test side by side), the default loopback emulator otherwise.
/// </summary>
public static class TestStorage
{
    public static string ConnectionString { get; } =
        Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } configured
            ? configured
            : "UseDevelopmentStorage=true";
}
