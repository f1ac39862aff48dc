using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "add to request campaign": requests a Marketo workspace's campaign for each person on the path.</summary>
public sealed class AddToRequestCampaignActivity(PeopleStore people, MarketoEngageStore marketo, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string workspace = settings.RequiredString("workspace");
        string campaign = settings.RequiredString("campaign");
        List<string> ids = (await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken)).Select(p => p.RowKey).ToList();
        await marketo.RequestCampaignAsync(workspace, campaign, ids, ActionEffects.By(input, clock), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, ids, $"requested {workspace}/{campaign}", cancellationToken);
        return new ActionResult(input.AccountIds.Count, ids.Count, 0);
    }
}
