using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "add to request campaign": requests a Marketo workspace's campaign for each person on the path. On
/// the configured Marketo instance the request runs the campaign's flow, which Marketo does not de-duplicate, so it
/// goes through the send ledger: once per (run, node, person), 100 people a call.
/// </summary>
public sealed class AddToRequestCampaign() : ActionDefinition("addToRequestCampaign", ActionScope.People, "Requests a Marketo campaign for each person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("connection", "A configured Marketo Engage connection."),
        ActionSetting.Name100("workspace", "The Marketo workspace of the campaign."),
        ActionSetting.Name100("campaign", "A request campaign of that workspace."),
        ActionSetting.TokenMap("tokens", "Program tokens for the campaign's flow, e.g. { \"my.offer\": \"Free trial\" } (Marketo only)."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string workspace = context.Settings.RequiredString("workspace");
        string campaign = context.Settings.RequiredString("campaign");
        List<string> ids = await context.PeopleIdsOnPathAsync(cancellationToken);
        if (context.Marketo(context.Settings.RequiredString("connection")) is { } marketo)
        {
            return await marketo.FindCampaignAsync(workspace, campaign, cancellationToken) is { } campaignId
                ? context.RecordOutcomes(
                    await marketo.RequestCampaignOnceAsync(context.Request.RunId, context.Request.NodeId, campaignId, ids, Tokens(context.Settings), cancellationToken))
                : context.SkipPeople(ids, $"skipped: Marketo has no requestable campaign '{campaign}' in workspace '{workspace}'");
        }

        await context.Get<IMarketoEngageStore>().RequestCampaignAsync(workspace, campaign, ids, context.By, cancellationToken);
        context.Journal(ids, $"requested {workspace}/{campaign}");
        return new ActionResult(context.AccountIds.Count, ids.Count, 0);
    }

    /// <summary>The node's tokens as Marketo names them: <c>my.offer</c> becomes <c>{{my.offer}}</c>.</summary>
    private static Dictionary<string, string> Tokens(ActionSettings settings) =>
        (settings.Map("tokens") ?? new Dictionary<string, string?>()).ToDictionary(t => "{{" + t.Key + "}}", t => t.Value ?? "", StringComparer.Ordinal);

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
    [
        ActionReference.MarketoConnection("connection", settings.RequiredString("connection")),
        ActionReference.RequestCampaign("campaign", settings.RequiredString("connection"), settings.RequiredString("workspace"), settings.RequiredString("campaign")),
    ];
}
