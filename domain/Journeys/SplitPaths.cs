namespace JourneyFunctions.Domain.Journeys;

/// <summary>Reserved edge path names.</summary>
public static class SplitPaths
{
    /// <summary>The split path for accounts that matched no condition path.</summary>
    public const string Other = "other";
}
