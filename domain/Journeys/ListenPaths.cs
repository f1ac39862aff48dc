namespace JourneyFunctions.Domain.Journeys;

/// <summary>Edge paths leaving a listen-for-event node.</summary>
public static class ListenPaths
{
    public const string Event = "event";
    public const string Timeout = "timeout";
}
