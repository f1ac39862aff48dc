using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "change score": adds a signed change to a named score of every person on the path,
/// exactly once per (run, node, person) even when the activity is retried.
/// </summary>
public sealed class ChangeScoreActivity(PeopleStore people, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string scoreName = settings.RequiredString("scoreName");
        double change = settings.RequiredNumber("change");
        // One read, one marker check and one journal write for the whole group, not one per account.
        List<TableEntity> members = await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken);
        await people.ChangeScoreOnceAsync($"{input.RunId}~{input.NodeId}", members, scoreName, change, cancellationToken);
        await ActionEffects.RecordAsync(effects, input, members.Select(p => p.RowKey), $"{scoreName}{change.ToString("+0.##;-0.##", CultureInfo.InvariantCulture)}", cancellationToken);
        return new ActionResult(input.AccountIds.Count, members.Count, 0);
    }
}
