using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "change score": adds a signed change to a named score of every person of each account,
/// exactly once per (run, node, person) even when the activity is retried.
/// </summary>
public sealed class ChangeScoreActivity(PeopleStore people, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string scoreName = settings.RequiredString("scoreName");
        double change = settings.RequiredNumber("change");
        string detail = $"{scoreName}{change.ToString("+0.##;-0.##", CultureInfo.InvariantCulture)}";
        return ActionFanOut.ForEachAccountAsync(input, async (accountId, ct) =>
        {
            List<TableEntity> members = await ActionFanOut.PeopleOnPathAsync(people, input, accountId, ct);
            List<string> ids = members.Select(p => p.RowKey).ToList();
            await people.ChangeScoreOnceAsync(accountId, $"{input.RunId}~{input.NodeId}", ids, scoreName, change, ct);
            await effects.RecordAsync(ids.Select(id => new Effect(input.RunId, input.NodeId, id, input.Action, detail)), ct);
            return new ActionResult(1, ids.Count, 0);
        }, cancellationToken);
    }
}
