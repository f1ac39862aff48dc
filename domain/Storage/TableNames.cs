namespace JourneyFunctions.Domain.Storage;

/// <summary>Every table the app owns, in one place so hosts can create them up front.</summary>
public static class TableNames
{
    public const string Journeys = "Journeys";
    /// <summary>Runs per journey: PK = journey id, RK = run id.</summary>
    public const string JourneyRuns = "JourneyRuns";

    /// <summary>Who entered a journey and whether they are still in it: PK = journey id and a bucket of the account, RK = account id.</summary>
    public const string JourneyEntries = "JourneyEntries";
    public const string RunAudience = "RunAudience";
    public const string Accounts = "Accounts";
    /// <summary>
    /// The marketing people store (source of truth): <see cref="PeopleShards"/> tables, each account's people in the
    /// one its id hashes to, partitioned by account (see <c>PeopleStore</c>).
    /// </summary>
    public static IReadOnlyList<string> People { get; } = Shards("People", PeopleShards);

    public const int PeopleShards = 8;

    /// <summary>The journal of action effects: <see cref="EffectShards"/> tables, each effect partition in the one its key hashes to.</summary>
    public static IReadOnlyList<string> Effects { get; } = Shards("Effects", EffectShards);

    public const int EffectShards = 8;

    /// <summary>
    /// The sales app's read-only copy (13 fields keyed by Marketo ID) and its two lookup indexes: <see cref="SalesShards"/>
    /// tables each, a bucket of Marketo IDs (or of looked-up values) in table <c>bucket % SalesShards</c>.
    /// </summary>
    public static IReadOnlyList<string> SalesPeople { get; } = Shards("SalesPeople", SalesShards);

    /// <summary>The sales copy's email index: PK = bucket of the email, RK = email hash-Marketo ID.</summary>
    public static IReadOnlyList<string> SalesPeopleByEmail { get; } = Shards("SalesPeopleByEmail", SalesShards);

    /// <summary>The sales copy's Salesforce contact/lead id index: PK = bucket of the id, RK = id hash-Marketo ID.</summary>
    public static IReadOnlyList<string> SalesPeopleBySalesforceId { get; } = Shards("SalesPeopleBySalesforceId", SalesShards);

    public const int SalesShards = 8;
    public const string SyncState = "SyncState";
    /// <summary>Sales-owned people the sync could not copy, with the reason: PK = the app's scope, RK = the escaped Marketo ID.</summary>
    public const string SyncRejections = "SyncRejections";
    public const string AccountLists = "AccountLists";
    public const string BuyingGroups = "BuyingGroups";
    public const string Destinations = "Destinations";
    public const string ExternalAudiences = "ExternalAudiences";
    public const string MarketoEngage = "MarketoEngage";
    public const string InterestingMoments = "InterestingMoments";
    /// <summary>Emails, SMS and sales alerts waiting for delivery.</summary>
    public const string Outbox = "Outbox";
    /// <summary>The send ledger: one row per message (run, node, target) with its provider id and status.</summary>
    public const string Deliveries = "Deliveries";
    /// <summary>Sales activities recorded on the sales side: PK = Marketo ID, RK = activity id.</summary>
    public const string SalesActivities = "SalesActivities";
    /// <summary>Reminder activities by id, for the Salesforce inbound poll: PK = activity id, RK = Marketo ID.</summary>
    public const string SalesRemindersByActivityId = "SalesRemindersByActivityId";
    /// <summary>Which person each sales activity id belongs to: PK = activity id, RK = <c>owner</c>; ids are unique across people.</summary>
    public const string SalesActivityIds = "SalesActivityIds";
    /// <summary>The local marketing activity log (native activities per person).</summary>
    public const string MarketingActivities = "MarketingActivities";
    /// <summary>The local stand-in for Salesforce tasks and email opt-outs.</summary>
    public const string SalesforceTasks = "SalesforceTasks";
    public const string SalesforceOptOuts = "SalesforceOptOuts";
    /// <summary>Accounts held at a run's wait and listen nodes: PK = run|node|batch, RK = account id.</summary>
    public const string NodePositions = "NodePositions";
    /// <summary>The routing index of listen-for-event nodes: PK = account bucket, RK = account|event|run|node|batch.</summary>
    public const string EventListeners = "EventListeners";
    /// <summary>Which event keys anyone may listen for: PK = event key, RK = run|node, a marker written before the node's listener rows.</summary>
    public const string EventListenerKeys = "EventListenerKeys";

    /// <summary>All tables, for creation at start-up.</summary>
    public static IReadOnlyList<string> All { get; } =
        [
            Journeys, JourneyRuns, JourneyEntries, RunAudience, Accounts, .. People, .. Effects, .. SalesPeople, .. SalesPeopleByEmail, .. SalesPeopleBySalesforceId, SyncState, SyncRejections,
            AccountLists, BuyingGroups, Destinations, ExternalAudiences, MarketoEngage, InterestingMoments, Outbox, Deliveries,
            SalesActivities, SalesRemindersByActivityId, SalesActivityIds, MarketingActivities, SalesforceTasks, SalesforceOptOuts, NodePositions, EventListeners, EventListenerKeys,
        ];

    /// <summary>
    /// The tables <c>{name}0</c> to <c>{name}{count - 1}</c> of one logical table. Several tables instead of one keep
    /// the local emulator's cost per insert flat: Azurite keeps one sorted key index per table and splices it on every
    /// insert, so that cost grows with the table (see <c>ShardedTable</c>).
    /// </summary>
    private static string[] Shards(string name, int count) =>
        [.. Enumerable.Range(0, count).Select(i => name + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
