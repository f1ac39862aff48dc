using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "change score": adds a signed change to a named score of every person on the path, exactly once
/// per (run, node, person) even when the activity is retried (a marker row is written in the same transaction).
/// </summary>
public sealed class ChangeScore() : ActionDefinition("changeScore", ActionScope.People, "Adds a signed change to a score of each person, once per run, node and person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Attribute("scoreName", "The score: the person attribute Score_<scoreName>."),
        ActionSetting.SignedNumber("change", "Added to the score (negative lowers it); not 0."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string scoreName = context.Settings.RequiredString("scoreName");
        double change = context.Settings.RequiredNumber("change");
        // One read, one marker check and one journal write for the whole group, not one per account.
        List<TableEntity> members = await context.PeopleOnPathAsync(cancellationToken);
        await context.Get<PeopleStore>().ChangeScoreOnceAsync($"{context.Request.RunId}~{context.Request.NodeId}", members, scoreName, change, cancellationToken);
        await context.RecordAsync(members.Select(p => p.RowKey), $"{scoreName}{change.ToString("+0.##;-0.##", CultureInfo.InvariantCulture)}", cancellationToken);
        return new ActionResult(context.AccountIds.Count, members.Count, 0);
    }
}
