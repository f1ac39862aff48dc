using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "add to external audience": adds each person on the path to an existing audience, or to a new one
/// that the action creates (seeded with the placeholder profile, which the first real profile replaces).
/// </summary>
public sealed class AddToExternalAudience() : ActionDefinition("addToExternalAudience", ActionScope.People, "Adds each person to an existing or a new external audience.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } = [];

    public override IReadOnlyList<IReadOnlyList<ActionSetting>> Alternatives { get; } =
    [
        [ActionSetting.Name100("audienceName", "An existing external audience.")],
        [
            ActionSetting.Name100("newAudienceName", "An audience to create (its first profile replaces the placeholder test@email.com)."),
            ActionSetting.OptionalText("newAudienceDescription", 500, "The new audience's description."),
        ],
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        IExternalAudienceStore audiences = context.Get<IExternalAudienceStore>();
        string audienceId = context.Settings.Text("audienceName") is { } existing
            ? audiences.IdOf(existing)
            : await audiences.CreateAsync(context.Settings.RequiredString("newAudienceName"), context.Settings.Text("newAudienceDescription"), cancellationToken);
        List<Person> members = await context.PeopleOnPathAsync(cancellationToken);
        await audiences.AddMembersAsync(
            audienceId, members.ToDictionary(p => p.Id, p => (string?)p.Text(PersonFields.Email), StringComparer.Ordinal), context.By, cancellationToken);
        context.Journal(members.Select(p => p.Id), $"audience {audienceId}");
        return new ActionResult(context.AccountIds.Count, members.Count, 0);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        settings.Text("audienceName") is { } existing ? [ActionReference.ExternalAudience("audienceName", existing)] : [];
}
