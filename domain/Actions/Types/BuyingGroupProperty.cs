using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Sets the stage or status of each account's buying group for a solution interest (an overwrite, so retries are harmless).</summary>
public abstract class BuyingGroupProperty(string type, string setting, string property, int maxLength, string summary) : ActionDefinition(type, ActionScope.Account, summary)
{
    private readonly string _setting = setting;
    private readonly string _property = property;

    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("solutionInterest", "The solution interest whose buying group changes."),
        ActionSetting.Text(setting, maxLength, $"The group's new {setting}."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string solution = context.Settings.RequiredString("solutionInterest");
        string value = context.Settings.RequiredString(_setting);
        await context.Get<IBuyingGroupStore>().SetGroupPropertyAsync(context.AccountIds, solution, _property, value, cancellationToken);
        await context.RaiseForAccountsAsync(
            _property == "Stage" ? EventTrigger.BuyingGroupStageChange : EventTrigger.BuyingGroupStatusChange,
            new Dictionary<string, string?> { [EventTrigger.Attributes.SolutionInterest] = solution, [EventTrigger.Attributes.NewValue] = value },
            cancellationToken);
        return context.AccountsDone($"{solution}: {_property}={value}");
    }
}

/// <summary>Account action "update buying group stage".</summary>
public sealed class UpdateBuyingGroupStage() : BuyingGroupProperty("updateBuyingGroupStage", "stage", "Stage", 100, "Sets the stage of each account's buying group.");

/// <summary>Account action "update buying group status".</summary>
public sealed class UpdateBuyingGroupStatus() : BuyingGroupProperty("updateBuyingGroupStatus", "status", "Status", 50, "Sets the status of each account's buying group.");
