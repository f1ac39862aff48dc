using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// Account action "send sales alert": one alert per account, to the account's sales owner (its
/// <c>SalesOwnerEmail</c> attribute), with the chosen workspace email about the solution interest. Accounts without
/// a sales owner are skipped and counted.
/// </summary>
public sealed class SendSalesAlertActivity(AccountStore accounts, MarketoEngageStore marketo, OutboxStore outbox, EffectStore effects, TimeProvider clock)
    : IActivity<ActionRequest, ActionResult>
{
    public const string SalesOwnerAttribute = "SalesOwnerEmail";

    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string solution = settings.RequiredString("solutionInterest");
        string workspace = settings.RequiredString("workspace");
        MarketoEmail email = await marketo.GetEmailAsync(workspace, settings.RequiredString("emailName"), cancellationToken)
            ?? throw new InvalidOperationException($"Workspace '{workspace}' no longer has the email '{settings.Text("emailName")}'.");
        var messages = new List<OutboxMessage>();
        var noOwner = new List<string>();
        Dictionary<string, IReadOnlyDictionary<string, string?>> loaded = await accounts.GetAttributesOfAsync(input.AccountIds, cancellationToken);
        foreach (string accountId in input.AccountIds)
        {
            IReadOnlyDictionary<string, string?> account = loaded.GetValueOrDefault(accountId) ?? new Dictionary<string, string?>();
            var fields = new Dictionary<string, string?>(account) { ["SolutionInterest"] = solution };
            if (account.GetValueOrDefault(SalesOwnerAttribute) is { Length: > 0 } owner)
            {
                messages.Add(new OutboxMessage(accountId, owner, Personalization.Render(email.Subject, null, fields), Personalization.Render(email.Body, null, fields)));
            }
            else
            {
                noOwner.Add(accountId);
            }
        }

        OutboxResult result = await outbox.QueueOnceAsync(OutboxKind.SalesAlert, input.RunId, input.NodeId, messages, input.RunId, input.NodeId, clock.GetUtcNow(), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, result.Queued, $"sales alert: {solution}", cancellationToken);
        await ActionEffects.RecordAsync(effects, input, noOwner, "skipped: no sales owner", cancellationToken);
        return new ActionResult(result.Queued.Count, 0, noOwner.Count);
    }
}
