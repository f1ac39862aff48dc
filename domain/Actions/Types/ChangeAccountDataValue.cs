using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Account action "change account data value": sets one attribute on each account (an overwrite, so retries are harmless).</summary>
public sealed class ChangeAccountDataValue() : ActionDefinition("changeAccountDataValue", ActionScope.Account, "Sets one attribute of each account.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Attribute("attribute", "The account attribute to set."),
        ActionSetting.Value("value", "Its new value; \"\" clears it."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attributes = new Dictionary<string, string?> { [context.Settings.RequiredString("attribute")] = context.Settings.RequiredString("value") };
        await context.Get<IAccountStore>().SetAttributesOfAsync(context.AccountIds, attributes, cancellationToken);
        await context.RaiseAsync(DomainEvents.AccountDataChanges(context.AccountIds, attributes), cancellationToken);
        return context.AccountsDone(ActionContext.Assignments(attributes));
    }
}
