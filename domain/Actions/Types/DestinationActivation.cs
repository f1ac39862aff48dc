using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Destinations;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>Pushes the request's accounts to a destination's audience (LinkedIn, say), or withdraws them, and records which.</summary>
public abstract class DestinationActivation(string type, bool active, string summary) : ActionDefinition(type, ActionScope.Account, summary)
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("destination", "A configured ad destination, e.g. LinkedIn."),
        ActionSetting.Name100("audienceName", "The destination's audience; created on first use."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string destination = context.Settings.RequiredString("destination");
        string audience = context.Settings.RequiredString("audienceName");
        await context.Get<IDestinationStore>().SetAccountsAsync(destination, audience, context.AccountIds, active, context.By, cancellationToken);
        return context.AccountsDone($"{(active ? "activated" : "deactivated")} {destination}/{audience}");
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        [ActionReference.Destination("destination", settings.RequiredString("destination"))];
}

/// <summary>Account action "activate to destination".</summary>
public sealed class ActivateToDestination() : DestinationActivation("activateToDestination", active: true, "Pushes each account to a destination's audience.");

/// <summary>Account action "deactivate from destination".</summary>
public sealed class DeactivateFromDestination() : DestinationActivation("deactivateFromDestination", active: false, "Withdraws each account from a destination's audience.");
