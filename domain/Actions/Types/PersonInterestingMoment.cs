using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "interesting moment": records an email, milestone or web moment on each person on the path (table
/// <c>InterestingMoments</c>), and with a Marketo connection whose moment activity type is configured, as a custom
/// activity on each lead too.
/// </summary>
public sealed class PersonInterestingMoment() : ActionDefinition("interestingMoment", ActionScope.People, "Records an interesting moment on each person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.OneOf("type", InterestingMoments.Types, "The kind of moment."),
        ActionSetting.OptionalText("description", 500, "What happened."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string type = context.Settings.RequiredString("type");
        List<Person> members = await context.PeopleOnPathAsync(cancellationToken);
        await context.Get<IInterestingMomentStore>().RecordAsync(
            members.Select(p => (p.AccountId, p.Id)), context.Request.RunId, context.Request.NodeId, type, context.Settings.Text("description"), context.Now, cancellationToken);
        IReadOnlyDictionary<string, string?> moment = AccountInterestingMoment.Moment(type, context.Settings.Text("description"));
        await context.RaiseAsync(members.Select(p => new RaisedEvent(EventTrigger.PeopleScope, EventTrigger.InterestingMoment, p.AccountId, p.Id, moment)), cancellationToken);
        if (context.Marketo() is { MomentActivityTypeId: not null } marketo)
        {
            // Marketo adds a resent custom activity again: the send ledger keeps it to one per (run, node, person).
            IReadOnlyList<LeadOutcome> outcomes = await marketo.AddMomentsOnceAsync(
                context.Request.RunId, context.Request.NodeId, members.Select(p => p.Id).ToList(), type, context.Settings.Text("description"), context.Now, cancellationToken);
            return context.RecordOutcomes(outcomes.Select(o => o with { Detail = $"{type}; {o.Detail}" }).ToList());
        }

        context.Journal(members.Select(p => p.Id), type);
        return new ActionResult(context.AccountIds.Count, members.Count, 0);
    }
}
