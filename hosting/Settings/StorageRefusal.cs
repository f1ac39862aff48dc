namespace JourneyFunctions.Hosting.Settings;

/// <summary>
/// One line for a command-line user when the storage account refuses a request or cannot be reached (the local host's
/// start, <c>scripts/seed.sh</c>), naming the setting that points at it: the SDK's own text runs over many lines
/// (a refusal's headers and body, a retry's every try).
/// </summary>
public static class StorageRefusal
{
    /// <summary>The line for <paramref name="failure"/>, or null when it is no storage refusal.</summary>
    public static string? Describe(Exception failure) => failure switch
    {
        Azure.RequestFailedException refused =>
            $"storage (the {AppSettings.StorageConnectionName} setting) refused the request ({refused.Status}): {FirstLine(refused.Message)}",
        AggregateException all when all.InnerExceptions.Count > 0 && all.InnerExceptions.All(i => i is Azure.RequestFailedException) =>
            $"storage (the {AppSettings.StorageConnectionName} setting) is out of reach: {FirstLine(all.InnerExceptions[^1].Message)}",
        _ => null,
    };

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
