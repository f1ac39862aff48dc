using System.Diagnostics.Metrics;
using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Telemetry;

/// <summary>
/// The app's own metrics, on one meter that both hosts export (<see cref="MeterName"/>): actions applied by
/// journeys, people synced to the sales copy, and how far the incremental sync lags behind marketing changes.
/// </summary>
public static class JourneyMetrics
{
    public const string MeterName = "JourneyFunctions";

    /// <summary>Tag values of <c>mode</c>: which sync wrote the people.</summary>
    public const string InitialSync = "initial", IncrementalSync = "incremental";

    /// <summary>Tag values of <c>change</c>: what the sync did to the sales copy.</summary>
    public const string Written = "written", Removed = "removed";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> ActionsApplied = Meter.CreateCounter<long>(
        "journey.actions.applied", "{target}", "Accounts (target=account) and people (target=person) a journey action was applied to.");

    private static readonly Counter<long> PeopleSynced = Meter.CreateCounter<long>(
        "sync.people.synced", "{person}", "People written to or removed from the sales copy, by the initial or the incremental sync.");

    private static readonly Counter<long> MessagesDelivered = Meter.CreateCounter<long>(
        "delivery.messages", "{message}", "Outbox messages (emails, SMS, sales alerts) by the outcome the dispatcher recorded.");

    private static readonly Histogram<double> SyncLag = Meter.CreateHistogram<double>(
        "sync.lag", "s", "Time from a marketing person change to the incremental sync applying it to the sales copy.");

    private static readonly Counter<long> EventsRouted = Meter.CreateCounter<long>(
        "journey.events", "{event}", "Domain events the event router took: outcome=routed (raised on at least one listening run) or dropped (nobody listening).");

    /// <param name="listeners">How many listening runs the event was raised on (0: dropped).</param>
    public static void EventRouted(int listeners) => EventsRouted.Add(1, new KeyValuePair<string, object?>("outcome", listeners > 0 ? "routed" : "dropped"));

    public static void ActionApplied(string action, ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ActionsApplied.Add(result.Accounts, new("action", action), new("target", "account"));
        ActionsApplied.Add(result.People, new("action", action), new("target", "person"));
    }

    /// <param name="mode"><see cref="InitialSync"/> or <see cref="IncrementalSync"/>.</param>
    /// <param name="change"><see cref="Written"/> or <see cref="Removed"/>.</param>
    /// <param name="people">How many people.</param>
    public static void Synced(string mode, string change, int people) =>
        PeopleSynced.Add(people, new("mode", mode), new("change", change));

    /// <param name="kind">Email, Sms or SalesAlert.</param>
    /// <param name="status">The ledger status recorded (Sent, Refused, Retrying, Failed, Skipped, NotConfigured).</param>
    public static void Delivered(string kind, string status) => MessagesDelivered.Add(1, new("kind", kind), new("status", status));

    public static void ChangeApplied(TimeSpan lag) => SyncLag.Record(lag.TotalSeconds);
}
