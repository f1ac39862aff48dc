using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "send email": a new email written in the node (subject and body with personalization tokens) or one
/// chosen from a Marketo workspace, queued in the outbox for each person on the path. Unsubscribed people and people
/// without an email are skipped and counted, not failed; a person gets a given email at most once per journey.
/// </summary>
public sealed class SendEmail() : ActionDefinition("sendEmail", ActionScope.People, "Sends an email to each subscribed person, at most once per journey.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } = [];

    public override IReadOnlyList<IReadOnlyList<ActionSetting>> Alternatives { get; } =
    [
        [
            ActionSetting.Text("subject", 200, "A new email's subject, with tokens such as {{lead.FirstName:default=there}}."),
            ActionSetting.Text("body", 100_000, "A new email's body, with tokens."),
        ],
        [
            ActionSetting.Name100("emailName", "An email of a Marketo workspace."),
            ActionSetting.Name100("workspace", "The workspace of that email."),
        ],
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ActionRequest input = context.Request;
        (string key, string subject, string body) = await EmailAsync(context, cancellationToken);
        List<TableEntity> members = await context.PeopleOnPathAsync(cancellationToken);
        var messages = new List<OutboxMessage>();
        var skipped = new List<(string Person, string Reason)>();
        foreach (TableEntity person in members)
        {
            string? email = person.GetString(PersonFields.Email);
            if (person.GetBoolean(PersonFields.Unsubscribed) == true)
            {
                skipped.Add((person.RowKey, "skipped: unsubscribed"));
            }
            else if (string.IsNullOrWhiteSpace(email))
            {
                skipped.Add((person.RowKey, "skipped: no email"));
            }
            else
            {
                Dictionary<string, string?> lead = EntityAttributes.Of(person);
                messages.Add(new OutboxMessage(person.RowKey, email, Personalization.Render(subject, lead), Personalization.Render(body, lead)));
            }
        }

        OutboxResult result = await context.Get<OutboxStore>().QueueOnceAsync(
            OutboxKind.Email, input.JourneyId, key, messages, input.RunId, input.NodeId, context.Now, cancellationToken);
        skipped.AddRange(result.AlreadyReceived.Select(p => (p, "skipped: already received this email in this journey")));
        await context.RecordAsync(result.Queued, $"email {key}", cancellationToken);
        foreach (IGrouping<string, (string Person, string Reason)> reason in skipped.GroupBy(s => s.Reason, StringComparer.Ordinal))
        {
            await context.RecordAsync(reason.Select(s => s.Person), reason.Key, cancellationToken);
        }

        return new ActionResult(input.AccountIds.Count, result.Queued.Count, skipped.Count);
    }

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        settings.Text("emailName") is { } name ? [ActionReference.WorkspaceEmail("emailName", settings.RequiredString("workspace"), name)] : [];

    /// <summary>The email's "once per journey" key and its content.</summary>
    private static async Task<(string Key, string Subject, string Body)> EmailAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ActionSettings settings = context.Settings;
        if (settings.Text("emailName") is not { } name)
        {
            return ($"node-{context.Request.NodeId}", settings.RequiredString("subject"), settings.RequiredString("body"));
        }

        string workspace = settings.RequiredString("workspace");
        MarketoEmail email = await context.Get<MarketoEngageStore>().GetEmailAsync(workspace, name, cancellationToken)
            ?? throw new InvalidOperationException($"Workspace '{workspace}' no longer has the email '{name}'.");
        return ($"ws-{TableKey.ForName(workspace)}-{TableKey.ForName(name)}", email.Subject, email.Body);
    }
}
