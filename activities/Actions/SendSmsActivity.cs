using Azure.Data.Tables;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "send SMS": queues the message (with personalization tokens) for each person on the path once per
/// run and node; people without a valid phone number are skipped and counted.
/// </summary>
public sealed class SendSmsActivity(PeopleStore people, OutboxStore outbox, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        string text = new ActionSettings(input.Settings).RequiredString("message");
        List<TableEntity> members = await ActionFanOut.AllPeopleOnPathAsync(people, input, cancellationToken);
        var messages = new List<OutboxMessage>();
        var noPhone = new List<string>();
        foreach (TableEntity person in members)
        {
            if (PhoneNumber.Normalize(person.GetString(PersonFields.Phone)) is { } phone)
            {
                messages.Add(new OutboxMessage(person.RowKey, phone, null, Personalization.Render(text, EntityAttributes.Of(person))));
            }
            else
            {
                noPhone.Add(person.RowKey);
            }
        }

        OutboxResult result = await outbox.QueueOnceAsync(OutboxKind.Sms, input.RunId, input.NodeId, messages, input.RunId, input.NodeId, clock.GetUtcNow(), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, result.Queued, "sms", cancellationToken);
        await ActionEffects.RecordAsync(effects, input, noPhone, "skipped: no valid phone number", cancellationToken);
        return new ActionResult(input.AccountIds.Count, result.Queued.Count, noPhone.Count);
    }
}
