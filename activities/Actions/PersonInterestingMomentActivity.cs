using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "interesting moment": records an email, milestone or web moment on each person on the path.</summary>
public sealed class PersonInterestingMomentActivity(PeopleStore people, InterestingMomentStore moments, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string type = settings.RequiredString("type");
        List<TableEntity> members = await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken);
        await moments.RecordAsync(
            members.Select(p => (p.PartitionKey, p.RowKey)), input.RunId, input.NodeId, type, settings.Text("description"), clock.GetUtcNow(), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, members.Select(p => p.RowKey), type, cancellationToken);
        return new ActionResult(input.AccountIds.Count, members.Count, 0);
    }
}
