using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "change data value": sets one attribute on every person on the path, in batch transactions, and
/// emits change messages so the sales sync carries synced fields over; a personDataChange event per person either way.
/// </summary>
public sealed class ChangeDataValue() : ActionDefinition("changeDataValue", ActionScope.People, "Sets one attribute of each person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Attribute("attribute", "The person attribute to set."),
        ActionSetting.Value("value", "Its new value; \"\" clears it."),
    ];

    public override Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attributes = new Dictionary<string, string?> { [context.Settings.RequiredString("attribute")] = context.Settings.RequiredString("value") };
        return context.SetPeopleFieldsAsync(attributes, cancellationToken);
    }
}
