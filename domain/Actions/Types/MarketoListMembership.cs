using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Puts the people on the path on a static list of a Marketo connection, or takes them off, in one batch per 100.</summary>
public abstract class MarketoListMembership(string type, bool isMember, string summary) : ActionDefinition(type, ActionScope.People, summary)
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("connection", "A configured Marketo Engage connection."),
        ActionSetting.Name100("list", "A static list of that connection."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string connection = context.Settings.RequiredString("connection");
        string list = context.Settings.RequiredString("list");
        List<string> ids = await context.PeopleIdsOnPathAsync(cancellationToken);
        await context.Get<MarketoEngageStore>().SetListMembersAsync(connection, list, ids, isMember, context.By, cancellationToken);
        await context.RecordAsync(ids, $"{(isMember ? "added to" : "removed from")} {connection}/{list}", cancellationToken);
        return new ActionResult(context.AccountIds.Count, ids.Count, 0);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
    [
        ActionReference.MarketoConnection("connection", settings.RequiredString("connection")),
        ActionReference.MarketoList("list", settings.RequiredString("connection"), settings.RequiredString("list")),
    ];
}

/// <summary>People action "add to Marketo list".</summary>
public sealed class AddToMarketoList() : MarketoListMembership("addToMarketoList", isMember: true, "Puts each person on a static list of a Marketo connection.");

/// <summary>People action "remove from Marketo list".</summary>
public sealed class RemoveFromMarketoList() : MarketoListMembership("removeFromMarketoList", isMember: false, "Takes each person off a static list of a Marketo connection.");
