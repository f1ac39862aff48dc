using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Actions.Types;

/// <summary>
/// People action "send SMS": queues the message (with personalization tokens) for each person on the path once per
/// run and node; unsubscribed people (as for email: the person asked for no marketing) and people without a valid
/// phone number are skipped and counted.
/// </summary>
public sealed class SendSms() : ActionDefinition("sendSms", ActionScope.People, "Sends a text message to each person with a valid phone number who is not unsubscribed.")
{
    public override IReadOnlyList<ActionSetting> Settings { get; } =
    [
        ActionSetting.Template("message", 1600, "The message, with tokens such as {{lead.FirstName:default=there}}."),
    ];

    public override async Task<ActionResult> ApplyAsync(ActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string text = context.Settings.RequiredString("message");
        List<Person> members = await context.PeopleOnPathAsync(cancellationToken);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> accounts = await context.AccountFieldsForAsync(cancellationToken, text);
        var messages = new List<OutboxMessage>();
        var unsubscribed = new List<string>();
        var noPhone = new List<string>();
        var tooLong = new List<string>();
        foreach (Person person in members)
        {
            if (person.IsUnsubscribed)
            {
                unsubscribed.Add(person.Id);
            }
            else if (PhoneNumber.Normalize(person.Text(PersonFields.Phone)) is { } phone)
            {
                if (OutboxMessage.Personalize(person.Id, phone, null, text, person.Attributes(), accounts.GetValueOrDefault(person.AccountId)) is { } message)
                {
                    messages.Add(message);
                }
                else
                {
                    tooLong.Add(person.Id);
                }
            }
            else
            {
                noPhone.Add(person.Id);
            }
        }

        ActionRequest request = context.Request;
        OutboxResult result = await context.Get<IOutboxStore>().QueueOnceAsync(
            OutboxKind.Sms, request.RunId, request.NodeId, messages, request.RunId, request.NodeId, context.Now, cancellationToken);
        context.Journal(result.Queued, "sms");
        context.Journal(unsubscribed, "skipped: unsubscribed");
        context.Journal(noPhone, "skipped: no valid phone number");
        context.Journal(tooLong, OutboxMessage.TooLongReason);
        return new ActionResult(context.AccountIds.Count, result.Queued.Count, unsubscribed.Count + noPhone.Count + tooLong.Count);
    }
}
