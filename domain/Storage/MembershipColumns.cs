namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// The columns of a membership row (list, audience, campaign, program members ...): the <see cref="Member"/> flag and
/// who made the change (<see cref="By"/>). Attribute names that would collide with them are refused at save.
/// </summary>
public static class MembershipColumns
{
    public const string Member = "Member";

    /// <summary>Who made a change: the run and node, and when; stored with the member's row.</summary>
    public static IReadOnlyDictionary<string, object?> By(string runId, string nodeId, DateTimeOffset at) =>
        new Dictionary<string, object?> { ["RunId"] = runId, ["NodeId"] = nodeId, ["At"] = at };
}
