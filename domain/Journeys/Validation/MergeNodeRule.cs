namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>Merge: no settings, one edge out.</summary>
public sealed class MergeNodeRule : NodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.Merge;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
    }
}
