using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// Puts the people on the path on a static list of a Marketo connection, or takes them off: on the Marketo instance
/// when the connection is the configured one (Add to / Remove from List, per-person status journaled), else in the
/// local <see cref="IMarketoEngageStore"/> in one batch per 100.
/// </summary>
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
        if (context.Marketo(connection) is { } marketo)
        {
            // The list's id once per call (cached for a minute), then every person of the call's accounts in calls of 300.
            return await marketo.FindListAsync(list, cancellationToken) is { } listId
                ? context.RecordOutcomes(await marketo.SetListMembersAsync(listId, ids, isMember, cancellationToken))
                : context.SkipPeople(ids, $"skipped: Marketo has no static list '{list}'");
        }

        await context.Get<IMarketoEngageStore>().SetListMembersAsync(connection, list, ids, isMember, context.By, cancellationToken);
        context.Journal(ids, $"{(isMember ? "added to" : "removed from")} {connection}/{list}");
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
