using System.Globalization;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "change score": adds a signed change to a named score of every person on the path, exactly once
/// per (run, node, person) even when the activity is retried (the person row remembers the change in the same update,
/// among its 64 most recent score changes: <see cref="People.PersonFields.ScoreEffects"/>).
/// With a Marketo connection the change also reaches the lead's score in Marketo. Marketo has no atomic increment
/// over the API and a read-modify-write of the field would lose concurrent changes (other journeys, Marketo's own
/// scoring), so the change is made by Marketo itself: the request campaign <see cref="CampaignName"/>, whose flow is
/// a Change Score step of <c>{{my.scoreChange}}</c>, requested once per (run, node, person) through the send ledger.
/// </summary>
public sealed class ChangeScore() : ActionDefinition("changeScore", ActionScope.People, "Adds a signed change to a score of each person, once per run, node and person.")
{
    /// <summary>The token the score campaign's Change Score step adds (e.g. <c>+5</c>).</summary>
    public const string ChangeToken = "{{my.scoreChange}}";

    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Attribute("scoreName", "The score: the person attribute Score_<scoreName>."),
        ActionSetting.WholeChange("change", "Added to the score (negative lowers it): a whole number, not 0."),
    ];

    /// <summary>The Marketo request campaign that changes the score <paramref name="scoreName"/> by the token's value.</summary>
    public static string CampaignName(string scoreName) => $"Change Score {scoreName}";

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string scoreName = context.Settings.RequiredString("scoreName");
        double change = context.Settings.RequiredNumber("change");
        string signed = change.ToString("+0;-0", CultureInfo.InvariantCulture);
        // One read and one journal write for the whole group, not one per account; the people as read say whom a retry already scored.
        List<Person> members = await context.PeopleOnPathAsync(cancellationToken);
        await context.Get<IPeopleStore>().ChangeScoreOnceAsync($"{context.Request.RunId}~{context.Request.NodeId}", members, scoreName, change, cancellationToken);
        if (context.Marketo() is not { } marketo)
        {
            context.Journal(members.Select(p => p.Id), $"{scoreName}{signed}");
            return new ActionResult(context.AccountIds.Count, members.Count, 0);
        }

        List<string> ids = members.Select(p => p.Id).ToList();
        long? found;
        try
        {
            found = await marketo.FindCampaignAsync(null, CampaignName(scoreName), cancellationToken);
        }
        catch (MarketoRefusedException e)
        {
            // The local score has changed (once, above): the journal says so beside Marketo's refusal.
            return await context.SkipRefusedByMarketoAsync(ids, e, $"{scoreName}{signed} locally", cancellationToken);
        }

        return found is { } campaignId
            ? context.RecordOutcomes(
                (await marketo.RequestCampaignOnceAsync(context.Request.RunId, context.Request.NodeId, campaignId, ids, new Dictionary<string, string> { [ChangeToken] = signed }, cancellationToken))
                    .Select(o => o with { Detail = o.Done ? $"{scoreName}{signed}; {o.Detail}" : $"{scoreName}{signed} locally; {o.Detail}" }).ToList())
            : context.SkipPeople(ids, $"{scoreName}{signed} locally; skipped in Marketo: no requestable campaign '{CampaignName(scoreName)}'");
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        [ActionReference.ConfiguredMarketoCampaign("scoreName", null, CampaignName(settings.RequiredString("scoreName")), "to change this score")];
}
