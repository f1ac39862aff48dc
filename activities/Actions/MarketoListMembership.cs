using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Puts the people on the path on a static list of a Marketo connection, or takes them off, in one batch per 100.</summary>
internal static class MarketoListMembership
{
    public static async Task<ActionResult> SetAsync(
        PeopleStore people, MarketoEngageStore marketo, EffectStore effects, TimeProvider clock, ActionRequest request, bool isMember, CancellationToken cancellationToken)
    {
        var settings = new ActionSettings(request.Settings);
        string connection = settings.RequiredString("connection");
        string list = settings.RequiredString("list");
        List<string> ids = (await ActionFanOut.AllPeopleOnPathAsync(people, request, cancellationToken)).Select(p => p.RowKey).ToList();
        await marketo.SetListMembersAsync(connection, list, ids, isMember, ActionEffects.By(request, clock), cancellationToken);
        await ActionEffects.RecordAsync(effects, request, ids, $"{(isMember ? "added to" : "removed from")} {connection}/{list}", cancellationToken);
        return new ActionResult(request.AccountIds.Count, ids.Count, 0);
    }
}
