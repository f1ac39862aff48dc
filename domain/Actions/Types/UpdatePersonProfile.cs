using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>People action "update person profile": sets several attributes of every person on the path at once (with change messages for the sales sync).</summary>
public sealed class UpdatePersonProfile() : ActionDefinition("updatePersonProfile", ActionScope.People, "Sets several attributes of each person at once.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.AttributeMap("attributes", "Attribute name -> new value; at least one."),
    ];

    public override Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyDictionary<string, string?> attributes = context.Settings.RequiredMap("attributes");
        return context.SetPeopleFieldsAsync(attributes, cancellationToken);
    }
}
