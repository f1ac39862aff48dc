using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Moments;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>People action "interesting moment": records an email, milestone or web moment on each person on the path.</summary>
public sealed class PersonInterestingMoment() : ActionDefinition("interestingMoment", ActionScope.People, "Records an interesting moment on each person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.OneOf("type", InterestingMomentStore.Types, "The kind of moment."),
        ActionSetting.OptionalText("description", 500, "What happened."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string type = context.Settings.RequiredString("type");
        List<TableEntity> members = await context.PeopleOnPathAsync(cancellationToken);
        await context.Get<InterestingMomentStore>().RecordAsync(
            members.Select(p => (p.PartitionKey, p.RowKey)), context.Request.RunId, context.Request.NodeId, type, context.Settings.Text("description"), context.Now, cancellationToken);
        await context.RecordAsync(members.Select(p => p.RowKey), type, cancellationToken);
        IReadOnlyDictionary<string, string?> moment = AccountInterestingMoment.Moment(type, context.Settings.Text("description"));
        await context.RaiseAsync(members.Select(p => new RaisedEvent(EventTrigger.PeopleScope, EventTrigger.InterestingMoment, p.PartitionKey, p.RowKey, moment)), cancellationToken);
        return new ActionResult(context.AccountIds.Count, members.Count, 0);
    }
}
