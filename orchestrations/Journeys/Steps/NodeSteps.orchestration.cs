using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>The step of each node type: the batch walk's dispatcher.</summary>
public static class NodeSteps
{
    private static readonly Dictionary<JourneyNodeType, INodeStep> Steps = new()
    {
        [JourneyNodeType.Start] = new StartStep(),
        [JourneyNodeType.Action] = new ActionStep(),
        [JourneyNodeType.SplitByAccount] = new SplitByAccountStep(),
        [JourneyNodeType.SplitByPeople] = new SplitByPeopleStep(),
        [JourneyNodeType.Wait] = new WaitStep(),
        [JourneyNodeType.ListenForEvent] = new ListenForEventStep(),
        [JourneyNodeType.Merge] = new MergeStep(),
        [JourneyNodeType.End] = new EndStep(),
    };

    public static INodeStep For(JourneyNodeType type) =>
        Steps.TryGetValue(type, out INodeStep? step) ? step : throw new InvalidOperationException($"No step for node type {type} (the version should not have validated).");
}
