using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "change data value": sets one attribute on every person of each account, in batch
/// transactions, and emits change messages so the sales sync carries synced fields over.
/// </summary>
public sealed class ChangePersonDataValueActivity(PeopleStore people, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string attribute = settings.RequiredString("attribute");
        string value = settings.RequiredString("value");
        return ActionFanOut.ForPeopleOnPathAsync(people, input, async (accountId, members, ct) =>
        {
            List<string> ids = members.Select(p => p.RowKey).ToList();
            await people.SetFieldAsync(accountId, ids, attribute, value, ct);
            await effects.RecordAsync(ids.Select(id => new Effect(input.RunId, input.NodeId, id, input.Action, $"{attribute}={value}")), ct);
            return new ActionResult(1, ids.Count, 0);
        }, cancellationToken);
    }
}
