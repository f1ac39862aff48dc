using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "send email": a new email written in the node (subject and body with personalization tokens) or one
/// chosen from a Marketo workspace, queued in the outbox for each person on the path. Unsubscribed people and people
/// without an email are skipped and counted, not failed; a person gets a given email at most once per journey.
/// </summary>
public sealed class SendEmailActivity(PeopleStore people, MarketoEngageStore marketo, OutboxStore outbox, EffectStore effects, TimeProvider clock)
    : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        (string key, string subject, string body) = await EmailAsync(new ActionSettings(input.Settings), input.NodeId, cancellationToken);
        List<TableEntity> members = await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken);
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

        OutboxResult result = await outbox.QueueOnceAsync(OutboxKind.Email, input.JourneyId, key, messages, input.RunId, input.NodeId, clock.GetUtcNow(), cancellationToken);
        skipped.AddRange(result.AlreadyReceived.Select(p => (p, "skipped: already received this email in this journey")));
        await ActionEffects.RecordAsync(effects, input, result.Queued, $"email {key}", cancellationToken);
        foreach (IGrouping<string, (string Person, string Reason)> reason in skipped.GroupBy(s => s.Reason, StringComparer.Ordinal))
        {
            await ActionEffects.RecordAsync(effects, input, reason.Select(s => s.Person), reason.Key, cancellationToken);
        }

        return new ActionResult(input.AccountIds.Count, result.Queued.Count, skipped.Count);
    }

    /// <summary>The email's "once per journey" key and its content.</summary>
    private async Task<(string Key, string Subject, string Body)> EmailAsync(ActionSettings settings, string nodeId, CancellationToken cancellationToken)
    {
        if (settings.Text("emailName") is not { } name)
        {
            return ($"node-{nodeId}", settings.RequiredString("subject"), settings.RequiredString("body"));
        }

        string workspace = settings.RequiredString("workspace");
        MarketoEmail email = await marketo.GetEmailAsync(workspace, name, cancellationToken)
            ?? throw new InvalidOperationException($"Workspace '{workspace}' no longer has the email '{name}'.");
        return ($"ws-{TableKey.ForName(workspace)}-{TableKey.ForName(name)}", email.Subject, email.Body);
    }
}
