using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "add to external audience": adds each person on the path to an existing audience, or to a new one
/// that the action creates (seeded with the placeholder profile, which the first real profile replaces).
/// </summary>
public sealed class AddToExternalAudienceActivity(PeopleStore people, ExternalAudienceStore audiences, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string audienceId = settings.Text("audienceName") is { } existing
            ? ExternalAudienceStore.IdOf(existing)
            : await audiences.CreateAsync(settings.RequiredString("newAudienceName"), settings.Text("newAudienceDescription"), cancellationToken);
        List<TableEntity> members = await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken);
        await audiences.AddMembersAsync(
            audienceId, members.ToDictionary(p => p.RowKey, p => (string?)p.GetString(PersonFields.Email), StringComparer.Ordinal), ActionEffects.By(input, clock), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, members.Select(p => p.RowKey), $"audience {audienceId}", cancellationToken);
        return new ActionResult(input.AccountIds.Count, members.Count, 0);
    }
}
