namespace JourneyFunctions.Domain.Journeys;

/// <summary>The kinds of node a journey graph is made of.</summary>
public enum JourneyNodeType
{
    Start,
    Action,
    SplitByAccount,
    SplitByPeople,
    Wait,
    ListenForEvent,
    Merge,
    End,
}
