using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// Account action "send sales alert": one alert per account, to the account's sales owner (its
/// <c>SalesOwnerEmail</c> attribute), with the chosen workspace email about the solution interest. Accounts without
/// a sales owner are skipped and counted.
/// </summary>
public sealed class SendSalesAlert() : ActionDefinition("sendSalesAlert", ActionScope.Account, "Sends a workspace email to each account's sales owner.")
{
    public const string SalesOwnerAttribute = "SalesOwnerEmail";

    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Name100("solutionInterest", "The solution the account is ready for ({{account.SolutionInterest}} in the email)."),
        ActionSetting.Name100("workspace", "The Marketo workspace of the email."),
        ActionSetting.Name100("emailName", "An email of that workspace."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActionSettings settings = context.Settings;
        string solution = settings.RequiredString("solutionInterest");
        string workspace = settings.RequiredString("workspace");
        MarketoEmail email = await context.Get<IMarketoEngageStore>().GetEmailAsync(workspace, settings.RequiredString("emailName"), cancellationToken)
            ?? throw new InvalidOperationException($"Workspace '{workspace}' no longer has the email '{settings.Text("emailName")}'.");
        var messages = new List<OutboxMessage>();
        var noOwner = new List<string>();
        var tooLong = new List<string>();
        Dictionary<string, IReadOnlyDictionary<string, string?>> loaded = await context.Get<IAccountStore>().GetAttributesOfAsync(context.AccountIds, cancellationToken);
        foreach (string accountId in context.AccountIds)
        {
            IReadOnlyDictionary<string, string?> account = loaded.GetValueOrDefault(accountId) ?? new Dictionary<string, string?>();
            var fields = new Dictionary<string, string?>(account) { ["SolutionInterest"] = solution };
            // Blank is no owner, as a blank email is no email for sendEmail: skipped here and counted, not queued.
            if (account.GetValueOrDefault(SalesOwnerAttribute) is { } owner && !string.IsNullOrWhiteSpace(owner))
            {
                if (OutboxMessage.Personalize(accountId, owner.Trim(), email.Subject, email.Body, null, fields) is { } message)
                {
                    messages.Add(message);
                }
                else
                {
                    tooLong.Add(accountId);
                }
            }
            else
            {
                noOwner.Add(accountId);
            }
        }

        ActionRequest request = context.Request;
        OutboxResult result = await context.Get<IOutboxStore>().QueueOnceAsync(
            OutboxKind.SalesAlert, request.RunId, request.NodeId, messages, request.RunId, request.NodeId, context.Now, cancellationToken);
        context.Journal(result.Queued, $"sales alert: {solution}");
        context.Journal(noOwner, "skipped: no sales owner");
        context.Journal(tooLong, OutboxMessage.TooLongReason);
        // Each alert has one recipient, the owner: alerts queued count as people affected, accounts without one as skipped.
        return new ActionResult(result.Queued.Count, result.Queued.Count, noOwner.Count + tooLong.Count);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        [ActionReference.WorkspaceEmail("emailName", settings.RequiredString("workspace"), settings.RequiredString("emailName"), marketoSendsIt: false)];
}
