using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>People action "add to request campaign": requests a Marketo workspace's campaign for each person on the path.</summary>
public sealed class AddToRequestCampaign() : ActionDefinition("addToRequestCampaign", ActionScope.People, "Requests a Marketo campaign for each person.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("connection", "A configured Marketo Engage connection."),
        ActionSetting.Name100("workspace", "The Marketo workspace of the campaign."),
        ActionSetting.Name100("campaign", "A request campaign of that workspace."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string workspace = context.Settings.RequiredString("workspace");
        string campaign = context.Settings.RequiredString("campaign");
        List<string> ids = await context.PeopleIdsOnPathAsync(cancellationToken);
        await context.Get<MarketoEngageStore>().RequestCampaignAsync(workspace, campaign, ids, context.By, cancellationToken);
        await context.RecordAsync(ids, $"requested {workspace}/{campaign}", cancellationToken);
        return new ActionResult(context.AccountIds.Count, ids.Count, 0);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
    [
        ActionReference.MarketoConnection("connection", settings.RequiredString("connection")),
        ActionReference.RequestCampaign("campaign", settings.RequiredString("workspace"), settings.RequiredString("campaign")),
    ];
}
