namespace JourneyFunctions.Domain.Journeys;

/// <summary>The kinds of node a journey graph is made of; <see cref="Unknown"/> for a type the engine does not know.</summary>
public enum JourneyNodeType
{
    Unknown,
    Start,
    Action,
    SplitByAccount,
    SplitByPeople,
    Wait,
    ListenForEvent,
    Merge,
    End,
}
