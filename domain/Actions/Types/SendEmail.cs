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
    private const string AlreadyReceived = "skipped: already received this email in this journey";

    public override IReadOnlyList<ActionSetting> Settings { get; } = [];

    public override IReadOnlyList<IReadOnlyList<ActionSetting>> Alternatives { get; } =
    [
        [
            ActionSetting.Template("subject", 200, "A new email's subject, with tokens such as {{lead.FirstName:default=there}}."),
            ActionSetting.Template("body", 30_000, "A new email's body, with tokens."),
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
        List<Person> members = await context.PeopleOnPathAsync(cancellationToken);
        if (context.Settings.Text("emailName") is { } emailName && context.Marketo() is { } marketo)
        {
            return await SendThroughMarketoAsync(context, marketo, context.Settings.RequiredString("workspace"), emailName, members, cancellationToken);
        }

        (string key, string subject, string body) = await EmailAsync(context, cancellationToken);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> accounts = await context.AccountFieldsForAsync(cancellationToken, subject, body);
        var messages = new List<OutboxMessage>();
        var skipped = new List<(string Person, string Reason)>();
        foreach (Person person in members)
        {
            if (Unreachable(person) is { } reason)
            {
                skipped.Add((person.Id, reason));
            }
            else
            {
                Dictionary<string, string?> lead = person.Attributes();
                IReadOnlyDictionary<string, string?>? account = accounts.GetValueOrDefault(person.AccountId);
                if (OutboxMessage.Personalize(person.Id, person.Text(PersonFields.Email)!.Trim(), subject, body, lead, account, person.AccountId) is { } message)
                {
                    messages.Add(message);
                }
                else
                {
                    skipped.Add((person.Id, OutboxMessage.TooLongReason));
                }
            }
        }

        OutboxResult result = await context.Get<IOutboxStore>().QueueOnceAsync(
            OutboxKind.Email, input.JourneyId, key, messages, input.RunId, input.NodeId, context.Now, cancellationToken);
        skipped.AddRange(result.AlreadyReceived.Select(p => (p, AlreadyReceived)));
        context.Journal(result.Queued, $"email {key}");
        foreach (IGrouping<string, (string Person, string Reason)> reason in skipped.GroupBy(s => s.Reason, StringComparer.Ordinal))
        {
            context.Journal(reason.Select(s => s.Person), reason.Key);
        }

        return new ActionResult(input.AccountIds.Count, result.Queued.Count, skipped.Count);
    }

    /// <summary>The request campaign that sends the workspace email <paramref name="emailName"/> when Marketo sends it.</summary>
    public static string CampaignName(string emailName) => $"Send {emailName}";

    protected override IEnumerable<ActionReference> References(ActionSettings settings) =>
        settings.Text("emailName") is { } name
            ?
            [
                ActionReference.WorkspaceEmail("emailName", settings.RequiredString("workspace"), name),
                ActionReference.ConfiguredMarketoCampaign("emailName", settings.RequiredString("workspace"), CampaignName(name), "to send this email"),
            ]
            : [];

    /// <summary>
    /// A workspace email with a Marketo connection: Marketo sends it, by the request campaign "Send {emailName}" of
    /// the workspace (its flow is one Send Email step of that email). The outbox's "at most once per journey" rule
    /// (<see cref="WorkspaceEmailKey"/>, the same key the provider path queues under) picks the people this run and
    /// node send it to; the send ledger then requests each of them once. Unsubscribed people and people without an
    /// email are skipped and counted here as on the provider path (Marketo would not send to them either).
    /// </summary>
    private static async Task<ActionResult> SendThroughMarketoAsync(
        ActionContext context, IMarketoEngage marketo, string workspace, string emailName, List<Person> members, CancellationToken cancellationToken)
    {
        var outcomes = new List<LeadOutcome>();
        List<string> reachable = [];
        foreach (Person person in members)
        {
            if (Unreachable(person) is { } reason)
            {
                outcomes.Add(new LeadOutcome(person.Id, false, reason));
            }
            else
            {
                reachable.Add(person.Id);
            }
        }

        string campaign = CampaignName(emailName);
        ActionRequest input = context.Request;
        if (await marketo.FindCampaignAsync(workspace, campaign, cancellationToken) is not { } campaignId)
        {
            outcomes.AddRange(reachable.Select(p => new LeadOutcome(p, false, $"skipped: Marketo has no requestable campaign '{campaign}' in workspace '{workspace}'")));
        }
        else
        {
            OutboxResult once = await context.Get<IOutboxStore>().ClaimOnceAsync(
                OutboxKind.Email, input.JourneyId, WorkspaceEmailKey(workspace, emailName), reachable, $"Marketo campaign {campaignId}", input.RunId, input.NodeId, context.Now, cancellationToken);
            outcomes.AddRange(once.AlreadyReceived.Select(p => new LeadOutcome(p, false, AlreadyReceived)));
            outcomes.AddRange(await marketo.RequestCampaignOnceAsync(input.RunId, input.NodeId, campaignId, once.Queued, new Dictionary<string, string>(), cancellationToken));
        }

        return context.RecordOutcomes(outcomes.Select(o => o.Done ? o with { Detail = $"email {workspace}/{emailName}; {o.Detail}" } : o).ToList());
    }

    /// <summary>
    /// A workspace email's "once per journey" key in the outbox, whichever way it is sent: both names escaped, the
    /// email's last, as they always were when the email's escaped name holds no '-' (then the last '-' parts them, so two
    /// emails never share a key), else a hash of both ("a-b" + "c" and "a" + "b-c" would read the same).
    /// </summary>
    private static string WorkspaceEmailKey(string workspace, string emailName) =>
        TableKey.ForName(emailName) is { } email && !email.Contains('-', StringComparison.Ordinal)
            ? $"ws-{TableKey.ForName(workspace)}-{email}"
            : "wsh-" + StableId.Of(workspace + "\n" + emailName, 40);

    /// <summary>Why a person cannot be emailed, or null.</summary>
    private static string? Unreachable(Person person) =>
        person.IsUnsubscribed ? "skipped: unsubscribed"
        : string.IsNullOrWhiteSpace(person.Text(PersonFields.Email)) ? "skipped: no email"
        : null;

    /// <summary>The email's "once per journey" key and its content.</summary>
    private static async Task<(string Key, string Subject, string Body)> EmailAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ActionSettings settings = context.Settings;
        if (settings.Text("emailName") is not { } name)
        {
            return ($"node-{context.Request.NodeId}", settings.RequiredString("subject"), settings.RequiredString("body"));
        }

        string workspace = settings.RequiredString("workspace");
        MarketoEmail email = await context.Get<IMarketoEngageStore>().GetEmailAsync(workspace, name, cancellationToken)
            ?? throw new InvalidOperationException($"Workspace '{workspace}' no longer has the email '{name}'.");
        return (WorkspaceEmailKey(workspace, name), email.Subject, email.Body);
    }
}
