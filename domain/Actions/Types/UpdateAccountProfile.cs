using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Account action "update account profile": sets several attributes of each account at once (an overwrite, so retries are harmless).</summary>
public sealed class UpdateAccountProfile() : ActionDefinition("updateAccountProfile", ActionScope.Account, "Sets several attributes of each account at once.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.AttributeMap("attributes", "Attribute name -> new value; at least one."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyDictionary<string, string?> attributes = context.Settings.RequiredMap("attributes");
        await context.Get<IAccountStore>().SetAttributesOfAsync(context.AccountIds, attributes, cancellationToken);
        await context.RaiseAsync(DomainEvents.AccountDataChanges(context.AccountIds, attributes), cancellationToken);
        return context.AccountsDone(ActionContext.Assignments(attributes));
    }
}
