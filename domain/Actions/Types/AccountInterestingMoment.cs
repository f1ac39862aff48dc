using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Moments;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Account action "account interesting moment": records an email, milestone or web moment on each account.</summary>
public sealed class AccountInterestingMoment() : ActionDefinition("accountInterestingMoment", ActionScope.Account, "Records an interesting moment on each account.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.OneOf("type", InterestingMoments.Types, "The kind of moment."),
        ActionSetting.OptionalText("description", 500, "What happened."),
    ];

    /// <summary>What a moment's event carries: its type and description.</summary>
    public static IReadOnlyDictionary<string, string?> Moment(string type, string? description) =>
        new Dictionary<string, string?> { [EventTrigger.Attributes.MomentType] = type, [EventTrigger.Attributes.Description] = description };

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string type = context.Settings.RequiredString("type");
        await context.Get<IInterestingMomentStore>().RecordAsync(
            context.AccountIds.Select(a => (a, InterestingMoments.AccountTarget)), context.Request.RunId, context.Request.NodeId, type,
            context.Settings.Text("description"), context.Now, cancellationToken);
        await context.RaiseForAccountsAsync(EventTrigger.InterestingMoment, Moment(type, context.Settings.Text("description")), cancellationToken);
        return context.AccountsDone(type);
    }
}
